package io.stratmon.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.stratmon.dashboard.Http.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Dashboard variables on a real QuestDB: values from the data, every panel with the column narrowed, the rest untouched. */
class DashboardVariablesIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    static final String HOUR = "from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z";
    static Javalin app;
    static Http http;
    @TempDir
    static Path dashboards;

    @BeforeAll
    static void start() throws Exception {
        // Two hosts quote the same two symbols at prices that tell them apart: host a near 100, host b near 200.
        questdb.query("CREATE TABLE price (timestamp TIMESTAMP, host SYMBOL, strategy SYMBOL, symbol SYMBOL, level SYMBOL, bid DOUBLE, last DOUBLE) "
                + "TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO price SELECT dateadd('s', cast(x as int), '2026-11-27T10:00:00Z'), "
                + "CASE WHEN x % 2 = 0 THEN 'a' ELSE 'b' END, 'mm-btc', CASE WHEN x % 4 < 2 THEN 'BTC' ELSE 'SOL' END, 'INFO', "
                + "CASE WHEN x % 2 = 0 THEN 100.0 ELSE 200.0 END, CASE WHEN x % 2 = 0 THEN 100.0 ELSE 200.0 END FROM long_sequence(3000)");
        questdb.query("CREATE TABLE pnl (timestamp TIMESTAMP, equity DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO pnl SELECT dateadd('s', cast(x as int), '2026-11-27T10:00:00Z'), 1000.0 + x FROM long_sequence(3000)");
        questdb.query("CREATE TABLE names (timestamp TIMESTAMP, host SYMBOL, v DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO names VALUES ('2026-11-27T10:30:00Z', 'o''brien', 7.0), ('2026-11-27T10:31:00Z', 'obrien', 8.0)");
        questdb.awaitRowCount("names", 2);
        questdb.awaitRowCount("price", 3000);
        questdb.awaitRowCount("pnl", 3000);
        Files.writeString(dashboards.resolve("hosts.toml"), """
                title = "Hosts"
                [[variables]]
                name = "host"
                label = "Host"
                [[variables]]
                name = "symbol"
                [[variables]]
                name = "strategy"
                tables = ["price"]
                [[panels]]
                id = "price"
                title = "Price"
                kind = "timeseries"
                group_by = "symbol"
                sql = "SELECT timestamp AS time, symbol, max(last) AS last FROM price WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [panels.rollup]
                view = "price_1m_nohost"
                create = "SELECT timestamp, symbol, max(last) AS last FROM price SAMPLE BY 1m"
                min_interval = "1m"
                sql = "SELECT timestamp AS time, symbol, max(last) AS last FROM price_1m_nohost WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [[panels]]
                id = "equity"
                title = "Equity"
                kind = "stat"
                sql = "SELECT last(equity) AS equity, count() AS n FROM pnl WHERE $__timeFilter(timestamp)"
                [[panels]]
                id = "latest"
                title = "Latest per symbol"
                kind = "table"
                sql = "SELECT symbol, host, last FROM price WHERE timestamp <= $__timeTo() LATEST ON timestamp PARTITION BY symbol ORDER BY symbol"
                [[panels]]
                id = "joined"
                title = "Price and equity"
                kind = "table"
                sql = "SELECT p.host, count() AS n FROM price p ASOF JOIN pnl WHERE $__timeFilter(p.timestamp) GROUP BY p.host ORDER BY 1"
                [[panels]]
                id = "rate"
                title = "Rows per minute, gaps as 0"
                kind = "timeseries"
                sql = "SELECT timestamp AS time, count() * 60000.0 / $__interval_ms AS n FROM price WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT FROM $__timeFrom() TO $__timeTo() FILL(0)"
                [[panels]]
                id = "quoted"
                title = "Quoted"
                kind = "table"
                sql = "SELECT host, v FROM names"
                [[panels]]
                id = "events"
                title = "Events"
                kind = "events"
                tables = ["price", "pnl"]
                page_size = 500
                """);
        app = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0).withDashboardsDir(dashboards)).start();
        http = new Http("http://127.0.0.1:" + app.port());
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    static JsonNode panel(String panel, String params) throws Exception {
        Http.Answer a = http.get("/api/dashboards/hosts/panels/" + panel + "?" + HOUR + "&w=600" + params);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode r = a.json();
        assertThat(r.path("state").asText()).as(r.toString()).isEqualTo("ok");
        return r;
    }

    static Set<Double> values(JsonNode timeseries) {
        Set<Double> out = new TreeSet<>();
        timeseries.path("data").path("series").forEach(s -> s.path("values").forEach(v -> { if (!v.isNull()) out.add(v.asDouble()); }));
        return out;
    }

    static double sum(JsonNode timeseries) {
        double sum = 0;
        for (JsonNode s : timeseries.path("data").path("series")) for (JsonNode v : s.path("values")) sum += v.asDouble();
        return sum;
    }

    @Test
    void variables_list_the_distinct_values_of_their_column_in_the_tables_the_dashboard_reads() throws Exception {
        JsonNode r = http.get("/api/dashboards/hosts/variables?" + HOUR).json();
        assertThat(r.path("variables").toString()).isEqualTo("[{\"name\":\"host\",\"label\":\"Host\",\"values\":[\"a\",\"b\",\"o'brien\",\"obrien\"]},"
                + "{\"name\":\"symbol\",\"label\":\"symbol\",\"values\":[\"BTC\",\"SOL\"]},"
                + "{\"name\":\"strategy\",\"label\":\"strategy\",\"values\":[\"mm-btc\"]}]");
        assertThat(http.get("/api/dashboards/hosts").json().path("variables").toString()).contains("{\"name\":\"host\",\"label\":\"Host\"}");
        // Values come from the page's range: a range without rows offers none (and reads only its partitions).
        JsonNode later = http.get("/api/dashboards/hosts/variables?from=2026-11-29T10:00:00Z&to=2026-11-29T11:00:00Z").json();
        assertThat(later.path("variables").get(0).path("values").size()).isZero();
        String plan = questdb.query("EXPLAIN SELECT DISTINCT \"host\" FROM \"price\" WHERE \"timestamp\" BETWEEN '2026-11-27T10:00:00Z' AND "
                + "'2026-11-27T11:00:00Z' LIMIT 1001").rows().toString();
        assertThat(plan).contains("Interval forward scan on: price");
        assertThat(http.get("/api/dashboards/hosts/variables?range=forever").status()).isEqualTo(400);
    }

    @Test
    void a_choice_narrows_every_panel_whose_table_has_the_column() throws Exception {
        assertThat(values(panel("price", ""))).containsExactly(100.0, 200.0);
        assertThat(values(panel("price", "&var-host=a"))).containsExactly(100.0);
        assertThat(values(panel("price", "&var-host=b"))).containsExactly(200.0);
        assertThat(values(panel("price", "&var-host=a&var-host=b"))).containsExactly(100.0, 200.0);
        JsonNode btcOfB = panel("price", "&var-host=b&var-symbol=BTC");
        assertThat(btcOfB.path("data").path("series")).extracting(s -> s.path("name").asText()).containsExactly("BTC");
        assertThat(values(btcOfB)).containsExactly(200.0);
        // SAMPLE BY ... FROM ... TO ... FILL(0) (which QuestDB refuses over a subquery) counts one host's rows only.
        assertThat(sum(panel("rate", "&w=10&var-host=a"))).isPositive().isEqualTo(sum(panel("rate", "&w=10")) / 2);
        // LATEST ON and an ASOF JOIN read the filtered table just the same.
        assertThat(panel("latest", "&var-host=a").path("data").toString()).contains("\"a\"").doesNotContain("\"b\"");
        assertThat(panel("joined", "&var-host=b").path("data").toString()).contains("\"b\"").doesNotContain("\"a\"");
    }

    @Test
    void a_panel_whose_table_has_no_such_column_is_unaffected() throws Exception {
        String all = panel("equity", "").path("data").toString();
        assertThat(panel("equity", "&var-host=a&var-symbol=SOL").path("data").toString()).isEqualTo(all).contains("4000");
    }

    @Test
    void all_is_no_filter_and_an_unknown_variable_or_an_unprintable_value_is_refused() throws Exception {
        assertThat(values(panel("price", "&var-host=" + q("$__all")))).containsExactly(100.0, 200.0);
        assertThat(values(panel("price", "&var-host=a&var-host=" + q("$__all")))).containsExactly(100.0, 200.0);
        Http.Answer unknown = http.get("/api/dashboards/hosts/panels/price?" + HOUR + "&var-region=eu");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").asText()).contains("unknown variable [name=region", "known=host,symbol,strategy");
        assertThat(http.get("/api/dashboards/hosts/panels/price?" + HOUR + "&var-host=" + q("a\u0000b")).status()).isEqualTo(400);
        assertThat(http.get("/api/dashboards/hosts/panels/price?" + HOUR + "&var-host=").status()).isEqualTo(400);
        assertThat(http.get("/api/dashboards/hosts/panels/price?" + HOUR + "&var-host=" + "x".repeat(201)).status()).isEqualTo(400);
        HttpRequest live = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/live/hosts?range=5m&var-nope=1"))
                .header("Accept", "text/event-stream").build();
        assertThat(HttpClient.newHttpClient().send(live, HttpResponse.BodyHandlers.ofString()).body()).contains("event: failure", "unknown variable");
    }

    @Test
    void a_hostile_value_is_a_value_that_matches_nothing_never_sql() throws Exception {
        for (String hostile : List.of("a' OR '1'='1", "a') OR (1=1", "a'); DROP TABLE price; --", "a\\' OR 1=1 --", "\"host\"", "' || host || '")) {
            JsonNode r = panel("price", "&var-host=" + q(hostile));
            assertThat(values(r)).as(hostile).isEmpty();
        }
        assertThat(questdb.count("price")).isEqualTo(3000);
        // A value with quotes that does exist is found exactly.
        assertThat(panel("quoted", "&var-host=" + q("o'brien")).path("data").toString()).contains("7.0").doesNotContain("8.0");
    }

    @Test
    void a_rollup_view_without_the_column_is_not_read_under_a_choice_so_it_never_shows_other_hosts() throws Exception {
        String week = "from=2026-11-21T10:00:00Z&to=2026-11-28T10:00:00Z&w=600";
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/api/dashboards/hosts/panels/price?" + week).json().path("rollup").asText().equals("price_1m_nohost"));
        JsonNode filtered = http.get("/api/dashboards/hosts/panels/price?" + week + "&var-host=a").json();
        assertThat(filtered.path("rollup").isNull()).isTrue();
        assertThat(values(filtered)).containsExactly(100.0);
        // The view has symbol: a symbol choice alone may still read it.
        assertThat(http.get("/api/dashboards/hosts/panels/price?" + week + "&var-symbol=BTC").json().path("rollup").asText()).isEqualTo("price_1m_nohost");
    }

    @Test
    void the_event_log_shows_only_the_chosen_hosts_rows_of_tables_with_the_column() throws Exception {
        JsonNode r = panel("events", "&var-host=a&table=price");
        List<String> hosts = new ArrayList<>();
        r.path("data").path("rows").forEach(e -> hosts.add(e.path("fields").path("host").asText()));
        assertThat(hosts).isNotEmpty().containsOnly("a");
        JsonNode pnl = panel("events", "&var-host=a&table=pnl");
        assertThat(pnl.path("data").path("rows").size()).isPositive();
    }

    @Test
    void live_mode_carries_the_choice() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                + "/api/live/hosts?range=366d&px=price:300&var-host=b")).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("event:")) event = line.substring(6).trim();
                if ("panel".equals(event) && line.startsWith("data:") && line.contains("\"panel\":\"price\"")) {
                    JsonNode p = Http.JSON.readTree(line.substring(5));
                    assertThat(values(p)).containsExactly(200.0);
                    break;
                }
            }
        } finally {
            response.body().close();
        }
    }
}
