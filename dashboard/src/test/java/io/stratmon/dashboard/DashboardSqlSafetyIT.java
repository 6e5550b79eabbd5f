package io.stratmon.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.stratmon.dashboard.statement.SqlGuard;
import io.stratmon.dashboard.statement.SqlGuardTest;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.stratmon.dashboard.Http.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query endpoints on a real QuestDB: write and multi-statement attempts through the ad-hoc box are refused with
 * 403, attempts through every other parameter are refused with 400/404 or defused by quoting, and afterwards the
 * database is exactly as before (same tables, columns, row counts and contents).
 */
class DashboardSqlSafetyIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    static Javalin app;
    static Http http;

    @BeforeAll
    static void start() {
        questdb.query("CREATE TABLE price (timestamp TIMESTAMP, level SYMBOL, symbol SYMBOL, bid DOUBLE, ask DOUBLE, last DOUBLE) "
                + "TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO price SELECT dateadd('s', -cast(x as int), now()), 'INFO', rnd_symbol('AAA','BBB'), x, x + 1, x + 0.5 "
                + "FROM long_sequence(3000)");
        questdb.query("CREATE TABLE x (a INT)");
        questdb.awaitRowCount("price", 3000);
        app = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0)
                .withAdhocSql(true, 100, Duration.ofSeconds(5))).start();
        http = new Http("http://127.0.0.1:" + app.port());
        // The server creates the default dashboard's rollup view (its only DDL) once price exists: let it settle, so the
        // snapshots below see only what the attempts could have changed.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> !questdb.query("SELECT table_name FROM tables() WHERE table_name = 'price_1m'").isEmpty());
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    /** Tables, their columns, row counts and a checksum of the prices: what an attack would change. */
    static String snapshot() {
        StringBuilder sb = new StringBuilder(questdb.query("SELECT table_name FROM tables() ORDER BY 1").toTsv());
        for (String t : List.of("price", "x")) {
            sb.append(questdb.query("SELECT \"column\", type FROM table_columns('" + t + "')").toTsv());
            sb.append(questdb.query("SELECT count() FROM " + t).toTsv());
        }
        sb.append(questdb.query("SELECT sum(last), sum(bid), min(timestamp), max(timestamp) FROM price").toTsv());
        return sb.toString();
    }

    @Test
    void the_sql_box_refuses_writes_and_chained_statements_with_403_and_nothing_changes() throws Exception {
        String before = snapshot();
        for (String attack : SqlGuardTest.ATTACKS) {
            Http.Answer a = http.postSql(attack);
            assertThat(a.status()).as("%s -> %s", attack, a.body()).isEqualTo(403);
            assertThat(a.json().path("error").asText()).startsWith("refused: ");
        }
        // Give WAL a moment to apply anything that might have slipped through, then compare.
        questdb.assertSqlEventually(questdb.query("SELECT count() FROM price").toTsv(), "SELECT count() FROM price");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(questdb.query("SELECT table_name FROM tables() WHERE table_name = 'copy_of_price'").isEmpty()).isTrue();
    }

    @Test
    void names_and_filters_never_become_sql_and_nothing_changes() throws Exception {
        String before = snapshot();
        String drop = "'; DROP TABLE price; --";
        assertThat(http.get("/api/dashboards/" + q("default; DROP TABLE price") + "/panels/price?range=5m").status()).isEqualTo(404);
        assertThat(http.get("/api/dashboards/default/panels/" + q("price; DROP TABLE price") + "?range=5m").status()).isEqualTo(404);
        assertThat(http.get("/api/dashboards/default/panels/events?range=5m&table=" + q("price\"; DROP TABLE price; --")).status()).isEqualTo(400);
        assertThat(http.get("/api/dashboards/default/panels/events?range=5m&level=" + q(drop)).status()).isEqualTo(400);
        JsonNode text = http.get("/api/dashboards/default/panels/events?range=5m&q=" + q(drop)).json();
        assertThat(text.path("state").asText()).as("quoted text only filters").isEqualTo("ok");
        assertThat(http.get("/api/dashboards/default/panels/price?range=" + q("5m'); DROP TABLE price; --")).status()).isEqualTo(400);
        assertThat(http.get("/api/dashboards/default/panels/price?from=" + q(drop) + "&to=2026-01-01T00:00:00Z").status()).isEqualTo(400);
        assertThat(http.get("/api/explore?range=5m&table=price&column=" + q("last); DROP TABLE price; --")).status()).isEqualTo(400);
        assertThat(http.get("/api/explore?range=5m&table=" + q("price; DROP TABLE price") + "&column=last").status()).isEqualTo(400);
        assertThat(http.get("/api/explore?range=5m&table=price&column=last&group=" + q("symbol; DROP TABLE price")).status()).isEqualTo(400);
        assertThat(http.get("/api/dashboards/default/panels/price?range=5m&sql=" + q("DROP TABLE price")).json().path("state").asText())
                .as("an extra sql parameter is ignored").isEqualTo("ok");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void the_sql_box_runs_one_read_only_statement_capped_in_rows() throws Exception {
        JsonNode all = http.postSql("SELECT * FROM price -- every row, please").json();
        assertThat(all.path("rows")).hasSize(100);
        assertThat(all.path("truncated").asBoolean()).isTrue();
        assertThat(all.path("columns").get(0).path("name").asText()).isEqualTo("timestamp");
        JsonNode one = http.postSql("select count() from price;").json();
        assertThat(one.path("rows").get(0).get(0).asLong()).isEqualTo(3000);
        assertThat(one.path("truncated").asBoolean()).isFalse();
        assertThat(http.postSql("SHOW TABLES").json().path("rows").toString()).contains("price");
        assertThat(http.postSql("EXPLAIN SELECT * FROM price").status()).isEqualTo(200);
        assertThat(http.postSql("WITH a AS (SELECT * FROM price) SELECT count() FROM a").json().path("rows").get(0).get(0).asLong()).isEqualTo(3000);
        Http.Answer bad = http.postSql("SELECT nope FROM price");
        assertThat(bad.status()).isEqualTo(502);
        assertThat(bad.json().path("error").asText()).contains("Invalid column: nope");
    }

    @Test
    void the_sql_box_takes_only_json_so_other_sites_cannot_post_to_it() throws Exception {
        assertThat(http.post("/api/sql", "sql=SELECT+1", "application/x-www-form-urlencoded").status()).isEqualTo(415);
        assertThat(http.post("/api/sql", "{\"query\": \"SELECT 1\"}", "application/json").status()).isEqualTo(400);
        assertThat(http.get("/api/sql?sql=" + q("SELECT 1")).status()).isEqualTo(404);
    }

    @Test
    void every_function_of_questdb_is_refused_where_a_table_goes_unless_it_is_on_the_allow_list() {
        List<List<Object>> rows = questdb.query("SELECT DISTINCT name, type FROM functions()").rows();
        Set<String> names = rows.stream().map(r -> String.valueOf(r.get(0))).collect(Collectors.toCollection(TreeSet::new));
        Set<String> cursor = rows.stream().filter(r -> String.valueOf(r.get(1)).equals("CURSOR"))
                .map(r -> String.valueOf(r.get(0))).collect(Collectors.toCollection(TreeSet::new));
        assertThat(names).as("functions() lists them all").hasSizeGreaterThan(300).contains("files", "read_parquet", "long_sequence");
        assertThat(cursor).contains("read_parquet", "pg_catalog.pg_class");
        assertThat(names).as("the allow-list names only functions QuestDB has").containsAll(
                SqlGuard.TABLE_FUNCTIONS);
        Set<String> unhandled = new TreeSet<>();
        for (String f : names) {
            if (!f.matches("[A-Za-z_][A-Za-z0-9_.]*")) continue;  // operators such as << and ::
            if (SqlGuard.TABLE_FUNCTIONS.contains(f)) {
                assertThat(SqlGuard.check("SELECT * FROM " + f + "()").allowed()).as(f).isTrue();
                continue;
            }
            List<String> forms = new java.util.ArrayList<>(List.of("SELECT * FROM " + f + "()", "SELECT * FROM price JOIN " + f + "() ON true",
                    "SELECT * FROM price, " + f + "()", "select * from (select * from " + f.toUpperCase() + " ())"));
            // A cursor function or a refused one must not slip through in a select list either.
            if (cursor.contains(f) || SqlGuard.REFUSED_FUNCTIONS.containsKey(f)) forms.add("SELECT " + f + "()");
            for (String form : forms) {
                if (SqlGuard.check(form).allowed()) unhandled.add(form);
            }
        }
        assertThat(unhandled).as("functions neither allow-listed nor refused").isEmpty();
    }

    @Test
    void scalar_functions_that_read_files_cancel_queries_or_touch_config_are_refused() {
        Set<String> names = questdb.query("SELECT DISTINCT name FROM functions()").rows().stream()
                .map(r -> String.valueOf(r.get(0))).collect(Collectors.toCollection(TreeSet::new));
        Set<String> risky = names.stream().filter(n -> n.matches("(?i).*(file|parquet|csv|cancel|activity|pool|config|setting|crash|"
                + "import|export|terminate|dump|flush|hydrate|touch|metrics|simulate|wal_transactions|checkpoint|wait_wal).*"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(risky).as("found in functions()").contains("reload_config");
        Set<String> allowed = new TreeSet<>();
        for (String f : risky) {
            if (SqlGuard.check("SELECT " + f + "()").allowed()) allowed.add(f);
        }
        assertThat(allowed).as("risky functions the guard lets through").isEmpty();
    }

    @Test
    void a_refused_function_is_a_403_with_the_reason_in_json() throws Exception {
        Http.Answer a = http.postSql("SELECT * FROM read_parquet('/etc/passwd')");
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.json().path("error").asText()).contains("reads or lists server files").contains("read_parquet");
        assertThat(http.postSql("SHOW PARAMETERS").status()).isEqualTo(403);
        assertThat(http.postSql("SELECT * FROM long_sequence(3)").json().path("rows")).hasSize(3);
        assertThat(http.postSql("SELECT count() FROM table_columns('price')").status()).isEqualTo(200);
    }
}
