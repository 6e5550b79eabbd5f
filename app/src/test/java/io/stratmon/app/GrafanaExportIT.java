package io.stratmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.stratmon.dashboard.statement.Macros;
import io.stratmon.dashboard.statement.TimeWindow;
import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.testkit.QuestDbExtension;
import io.stratmon.trader.DemoTrader;
import io.stratmon.trader.Profile;
import io.stratmon.trader.TraderOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code stratmon grafana export}: the files Grafana's provisioning reads have the fields it needs, and every panel's
 * SQL, with the macros expanded the way Grafana's PostgreSQL datasource expands them, runs on QuestDB over PGWire (as
 * Grafana would) and returns rows for the demo data. Grafana itself is not run: no Docker engine here.
 */
class GrafanaExportIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = new YAMLMapper();
    static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat", "table", "barchart");
    @TempDir
    static Path dir;
    static Path out;
    static Shipper shipper;
    static Connection pg;

    @BeforeAll
    static void start() throws Exception {
        Path logs = dir.resolve("logs");
        try (DemoTrader strategy = new DemoTrader(TraderOptions.defaults(logs.resolve("strategy.jsonl")).withRate(1500).withCount(1500)
                .withConsole(false).withSeed(21));
             DemoTrader seed = new DemoTrader(TraderOptions.defaults(logs.resolve("seed.jsonl")).withProfile(Profile.SEED).withRate(500)
                     .withCount(300).withConsole(false).withSeed(22))) {
            strategy.run();
            seed.run();
        }
        // The test writes the stratmon_shipper rows it checks itself: the shipper's own metrics rows would race with them.
        shipper = Shipper.start(ShipperConfig.of(List.of(logs.resolve("*.jsonl").toString()), questdb.httpUrl(), dir.resolve("state")).withCredentials(questdb.username(), questdb.password())
                .withMetricsInterval(Duration.ZERO));
        for (String table : List.of("price", "order_sent", "fill", "position", "pnl", "heartbeat", "order_rejected", "error", "price_log")) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> questdb.count(table) > 0);
        }
        questdb.query("CREATE TABLE IF NOT EXISTS stratmon_shipper (timestamp TIMESTAMP, host SYMBOL, file SYMBOL, lines_read DOUBLE, "
                + "rows_shipped DOUBLE, dead_lettered DOUBLE, retries DOUBLE, bytes_behind DOUBLE, seconds_behind DOUBLE, batch_ms DOUBLE) "
                + "TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO stratmon_shipper (timestamp, host, file, lines_read, rows_shipped, dead_lettered, retries, bytes_behind, "
                + "seconds_behind, batch_ms) SELECT dateadd('s', -cast(x * 2 as int), now()), 'host-1', CASE WHEN x % 2 = 0 THEN '*' ELSE 'logs/a.jsonl' END, "
                + "x, x, 0, 0, 0, 0.5, 2 FROM long_sequence(200)");
        questdb.awaitRowCount("stratmon_shipper", 200);

        out = dir.resolve("export");
        assertThat(Main.run("grafana", "export", "--out", out.toString())).isZero();
        Properties props = new Properties();
        // As the exported datasource does: the read-only PGWire user.
        props.setProperty("user", questdb.credentials().readOnlyUser());
        props.setProperty("password", questdb.credentials().readOnlyPassword());
        props.setProperty("sslmode", "disable");
        pg = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + questdb.db().pgPort() + "/qdb", props);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) pg.close();
        if (shipper != null) shipper.close();
    }

    @Test
    void writes_the_provisioning_files_grafana_reads() throws Exception {
        JsonNode datasources = YAML.readTree(out.resolve("grafana/provisioning/datasources/questdb.yaml").toFile());
        assertThat(datasources.path("apiVersion").asInt()).isEqualTo(1);
        JsonNode ds = datasources.path("datasources").get(0);
        assertThat(ds.path("type").asText()).isEqualTo("postgres");
        assertThat(ds.path("uid").asText()).isEqualTo("stratmon-questdb");
        assertThat(ds.path("url").asText()).isEqualTo("$QUESTDB_URL");
        assertThat(ds.path("jsonData").path("database").asText()).isEqualTo("qdb");
        assertThat(ds.path("jsonData").path("sslmode").asText()).isEqualTo("disable");
        assertThat(ds.path("secureJsonData").path("password").asText()).isNotBlank();

        JsonNode providers = YAML.readTree(out.resolve("grafana/provisioning/dashboards/stratmon.yaml").toFile());
        JsonNode provider = providers.path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        String path = provider.path("options").path("path").asText();
        assertThat(path).isEqualTo("/etc/grafana/provisioning/dashboards/stratmon");

        JsonNode compose = YAML.readTree(out.resolve("docker-compose.yml").toFile()).path("services");
        assertThat(compose.fieldNames()).toIterable().containsExactlyInAnyOrder("questdb", "trader", "shipper", "grafana");
        assertThat(compose.path("grafana").path("volumes").toString()).contains("./grafana/provisioning:/etc/grafana/provisioning");
        assertThat(compose.path("grafana").path("environment").toString()).contains("QUESTDB_URL=questdb:8812", "QUESTDB_USER=grafana",
                "QUESTDB_PASSWORD=${QUESTDB_READONLY_PASSWORD:?");
        assertThat(compose.path("questdb").path("environment").toString()).contains("QDB_PG_READONLY_USER_ENABLED=true",
                "QDB_HTTP_PASSWORD=${QUESTDB_ADMIN_PASSWORD:?", "QDB_PG_READONLY_USER=grafana").doesNotContain("quest\"");
        assertThat(compose.path("shipper").path("environment").toString()).contains("QUESTDB_PASSWORD=${QUESTDB_ADMIN_PASSWORD:?");
        // The passwords: generated, owner-only, and kept across exports.
        java.nio.file.Path env = out.resolve(".env");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-------");
        assertThat(Files.readString(env)).containsPattern("(?m)^QUESTDB_ADMIN_PASSWORD=[A-Za-z0-9_-]{32}$")
                .containsPattern("(?m)^QUESTDB_READONLY_PASSWORD=[A-Za-z0-9_-]{32}$").containsPattern("(?m)^GRAFANA_ADMIN_PASSWORD=[A-Za-z0-9_-]{32}$");
        assertThat(compose.path("shipper").path("command").toString()).contains("\"ship\"", "\"http://questdb:9000\"", "/var/log/trader/*.jsonl");
        assertThat(compose.path("trader").path("command").toString()).contains("\"trader\"", "/var/log/trader/trader.jsonl");
        assertThat(compose.path("shipper").path("volumes").toString()).contains("logdata:/var/log/trader");
        // The provider's container path is where the compose file mounts our folder.
        assertThat(out.resolve("grafana/provisioning/dashboards/stratmon/default.json")).exists();
        assertThat(out.resolve("grafana/provisioning/dashboards/stratmon/reference.json")).exists();
    }

    @Test
    void every_dashboard_json_has_the_fields_provisioning_needs() throws Exception {
        for (JsonNode d : dashboards()) {
            assertThat(d.path("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
            assertThat(d.path("title").asText()).isNotBlank();
            assertThat(d.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
            assertThat(d.path("time").path("from").asText()).startsWith("now-");
            assertThat(d.path("templating").path("list").isArray()).isTrue();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : d.path("panels")) {
                assertThat(ids.add(p.path("id").asInt())).as("unique panel id").isTrue();
                assertThat(p.path("type").asText()).isIn(PANEL_TYPES);
                assertThat(p.path("title").asText()).isNotBlank();
                JsonNode g = p.path("gridPos");
                assertThat(g.path("w").asInt() + g.path("x").asInt()).isBetween(1, 24);
                assertThat(g.path("h").asInt()).isPositive();
                assertThat(p.path("datasource").path("uid").asText()).isEqualTo("stratmon-questdb");
                assertThat(p.path("targets")).isNotEmpty().allSatisfy(t -> {
                    assertThat(t.path("refId").asText()).matches("[A-Z]");
                    assertThat(t.path("rawQuery").asBoolean()).isTrue();
                    assertThat(t.path("format").asText()).isIn("table", "time_series");
                    assertThat(t.path("rawSql").asText()).isNotBlank();
                });
            }
        }
        JsonNode reference = JSON.readTree(out.resolve("grafana/provisioning/dashboards/stratmon/reference.json").toFile());
        assertThat(reference.path("panels").get(0).path("targets").get(0).path("rawSql").asText())
                .isEqualTo("SELECT timestamp, last(price) FROM price_log WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT");
    }

    @Test
    void every_panel_sql_with_grafanas_macros_expanded_runs_on_questdb_over_pgwire_and_returns_rows() throws Exception {
        Instant to = Instant.now();
        Instant from = to.minus(Duration.ofMinutes(15));
        int checked = 0;
        for (JsonNode d : dashboards()) {
            List<String> logTables = new ArrayList<>();
            Map<String, String> chosen = new HashMap<>();
            for (JsonNode v : d.path("templating").path("list")) {
                if (!v.path("name").asText().equals("log_table")) {
                    // A dashboard variable: "All" is every value its query finds, quoted as Grafana's SQL datasources quote them.
                    assertThat(v.path("multi").asBoolean() && v.path("includeAll").asBoolean()).isTrue();
                    List<String> values = new ArrayList<>();
                    for (List<Object> row : rows(expandLikeGrafana(v.path("query").asText(), from, to, 1000))) values.add("'" + row.get(0).toString().replace("'", "''") + "'");
                    assertThat(values).as("values of variable %s", v.path("name").asText()).isNotEmpty();
                    chosen.put("$" + v.path("name").asText(), String.join(",", values));
                    continue;
                }
                if (v.path("type").asText().equals("query")) {
                    for (List<Object> row : rows(v.path("query").asText())) logTables.add((String) row.get(0));
                } else {
                    logTables.addAll(List.of(v.path("query").asText().split(",")));
                }
                assertThat(logTables).isNotEmpty().doesNotContain("stratmon_shipper");
            }
            for (JsonNode p : d.path("panels")) {
                long intervalMs = grafanaInterval(from, to, p.path("interval").asText(""));
                for (JsonNode t : p.path("targets")) {
                    String raw = t.path("rawSql").asText();
                    String withVars = raw;
                    for (Map.Entry<String, String> c : chosen.entrySet()) withVars = withVars.replace(c.getKey() + ")", c.getValue() + ")");
                    String filled = withVars;
                    List<String> variants = filled.contains("$log_table") ? logTables.stream().map(x -> filled.replace("$log_table", x)).toList() : List.of(filled);
                    for (String sql : variants) {
                        String expanded = expandLikeGrafana(sql, from, to, intervalMs);
                        assertThat(expanded).as("no macro left").doesNotContain("$");
                        List<List<Object>> rows = rows(expanded, t.path("format").asText().equals("time_series"));
                        assertThat(rows).as("rows of %s / %s: %s", d.path("uid").asText(), p.path("title").asText(), expanded).isNotEmpty();
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(30);
    }

    @Test
    void every_exported_grafana_alert_rule_sql_with_macros_expanded_runs_on_questdb() throws Exception {
        JsonNode rules = YAML.readTree(out.resolve("grafana/provisioning/alerting/stratmon-rules.yaml").toFile());
        Instant to = Instant.now(), from = to.minus(Duration.ofMinutes(10));
        int n = 0;
        for (JsonNode group : rules.path("groups")) {
            assertThat(group.path("interval").asText()).matches("\\d*0s");
            for (JsonNode rule : group.path("rules")) {
                String sql = rule.path("data").get(0).path("model").path("rawSql").asText();
                assertThat(sql).as(rule.path("title").asText()).doesNotContainIgnoringCase("now()");
                String expanded = expandLikeGrafana(sql, from, to, 1000);
                assertThat(expanded).doesNotContain("$");
                rows(expanded); // throws when QuestDB refuses it
                assertThat(rule.path("data").get(1).path("model").path("type").asText()).isEqualTo("threshold");
                assertThat(rule.path("noDataState").asText()).isIn("OK", "Alerting", "NoData");
                n++;
            }
        }
        assertThat(n).isEqualTo(9);
        assertThat(rules.toString()).contains("\"noDataState\":\"Alerting\"");
        JsonNode contacts = YAML.readTree(out.resolve("grafana/provisioning/alerting/contact-points.yaml").toFile());
        assertThat(contacts.path("contactPoints").get(0).path("receivers").get(0).path("type").asText()).isEqualTo("prometheus-alertmanager");
    }

    @Test
    void the_reference_query_style_works_on_stratmon_tables_in_grafana_and_in_stratmon() throws Exception {
        String reference = "SELECT timestamp, last(last) FROM price WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT";
        Instant to = Instant.now();
        Instant from = to.minus(Duration.ofMinutes(15));
        assertThat(rows(expandLikeGrafana(reference, from, to, 1000))).isNotEmpty();
        String stratmon = Macros.expand(reference, TimeWindow.of(from, to, 600, 4000, null));
        assertThat(questdb.query(stratmon).isEmpty()).isFalse();
    }

    private static List<JsonNode> dashboards() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        try (var files = Files.list(out.resolve("grafana/provisioning/dashboards/stratmon"))) {
            for (Path f : files.sorted().toList()) all.add(JSON.readTree(f.toFile()));
        }
        assertThat(all).hasSize(2);
        return all;
    }

    private static List<List<Object>> rows(String sql) throws Exception {
        return rows(sql, false);
    }

    /** Runs over PGWire; for Grafana's "time series" format, also checks a `time` timestamp column in ascending order. */
    private static List<List<Object>> rows(String sql, boolean timeSeries) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement st = pg.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            int time = -1;
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (md.getColumnLabel(i).equals("time")) time = i;
            }
            if (timeSeries) {
                assertThat(time).as("a column named time in %s", sql).isPositive();
                assertThat(md.getColumnType(time)).isIn(Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE);
            }
            java.sql.Timestamp previous = null;
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) row.add(rs.getObject(i));
                if (timeSeries) {
                    java.sql.Timestamp ts = rs.getTimestamp(time);
                    if (previous != null) assertThat(ts).as("time ascending (Grafana's long to wide needs it)").isAfterOrEqualTo(previous);
                    previous = ts;
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Grafana's interval: range over ~1000 points, at least the datasource's 1s and the panel's own minimum. */
    private static long grafanaInterval(Instant from, Instant to, String panelInterval) {
        long ms = Math.max(1000, Duration.between(from, to).toMillis() / 1000);
        if (!panelInterval.isEmpty()) ms = Math.max(ms, io.stratmon.sql.Durations.parse(panelInterval).toMillis());
        return ms;
    }

    private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");

    /**
     * As Grafana's SQL datasources do: first the global substitutions ({@code $__interval_ms} before {@code $__interval}),
     * then the PostgreSQL macro engine ({@code $__timeFilter(col)} becomes {@code col BETWEEN 'RFC3339Nano' AND '...'}).
     */
    static String expandLikeGrafana(String sql, Instant from, Instant to, long intervalMs) {
        sql = sql.replace("$__interval_ms", Long.toString(intervalMs))
                .replace("$__interval", intervalMs % 1000 == 0 ? intervalMs / 1000 + "s" : intervalMs + "ms")
                .replace("$__unixEpochFrom()", Long.toString(from.getEpochSecond()))
                .replace("$__unixEpochTo()", Long.toString(to.getEpochSecond()));
        Matcher m = MACRO.matcher(sql);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String arg = m.group(2).trim();
            String value = switch (m.group(1)) {
                case "__timeFilter" -> arg + " BETWEEN '" + rfc3339Nano(from) + "' AND '" + rfc3339Nano(to) + "'";
                case "__timeFrom" -> "'" + rfc3339Nano(from) + "'";
                case "__timeTo" -> "'" + rfc3339Nano(to) + "'";
                default -> throw new AssertionError("macro Grafana's PostgreSQL datasource does not know: " + m.group());
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Go's time.RFC3339Nano in UTC: trailing zeros of the fraction dropped. */
    static String rfc3339Nano(Instant t) {
        String s = t.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "");
        int nanos = t.getNano();
        if (nanos == 0) return s + "Z";
        String frac = String.format("%09d", nanos).replaceAll("0+$", "");
        return s + "." + frac + "Z";
    }
}
