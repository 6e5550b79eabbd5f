package io.stratmon.dashboard.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.stratmon.dashboard.model.Dashboard;
import io.stratmon.dashboard.model.DashboardCatalog;
import io.stratmon.dashboard.model.Panel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GrafanaDashboardTest {
    static final Dashboard DEFAULT = new DashboardCatalog(null).dashboard("default").orElseThrow();

    JsonNode panel(JsonNode dashboard, String title) {
        for (JsonNode p : dashboard.path("panels")) if (p.path("title").asText().equals(title)) return p;
        throw new AssertionError("no panel " + title);
    }

    @Test
    void copies_panel_sql_and_picks_the_format_grafana_needs() {
        JsonNode d = GrafanaDashboard.of(DEFAULT);
        assertThat(d.path("uid").asText()).isEqualTo("stratmon-default");
        assertThat(d.path("panels")).hasSize(DEFAULT.panels().size());
        Panel pricePanel = DEFAULT.panel("price").orElseThrow();
        JsonNode price = panel(d, pricePanel.title());
        assertThat(price.path("type").asText()).isEqualTo("timeseries");
        assertThat(price.path("targets").get(0).path("format").asText()).as("grouped: long to wide").isEqualTo("time_series");
        assertThat(price.path("targets").get(0).path("rawSql").asText()).isEqualTo(pricePanel.sql().get(0)
                .replace("WHERE $__timeFilter(timestamp)", "WHERE \"symbol\" IN ($symbol) AND ($__timeFilter(timestamp))"));
        JsonNode orders = panel(d, DEFAULT.panel("orders").orElseThrow().title());
        assertThat(orders.path("targets")).extracting(t -> t.path("refId").asText()).containsExactly("A", "B", "C");
        assertThat(orders.path("targets").get(0).path("format").asText()).isEqualTo("table");
        assertThat(orders.path("interval").asText()).isEqualTo("10s");
        assertThat(panel(d, "Equity").path("fieldConfig").path("defaults").path("unit").asText()).isEqualTo("currencyUSD");
        assertThat(panel(d, "Equity and drawdown").path("fieldConfig").path("overrides").toString()).contains("drawdown", "right");
        assertThat(panel(d, DEFAULT.panel("position-notional").orElseThrow().title()).path("type").asText()).isEqualTo("barchart");
        JsonNode drawdown = panel(d, "Drawdown").path("fieldConfig").path("defaults").path("thresholds").path("steps");
        assertThat(drawdown.toString()).isEqualTo("[{\"color\":\"green\",\"value\":null},{\"color\":\"orange\",\"value\":500.0},{\"color\":\"red\",\"value\":2000.0}]");
    }

    @Test
    void the_event_log_becomes_a_table_of_one_log_table_picked_by_a_variable() {
        JsonNode d = GrafanaDashboard.of(DEFAULT);
        JsonNode events = panel(d, "Event log");
        assertThat(events.path("type").asText()).isEqualTo("table");
        assertThat(events.path("targets").get(0).path("rawSql").asText()).startsWith("SELECT * FROM \"$log_table\" WHERE $__timeFilter(timestamp) ORDER BY timestamp DESC");
        assertThat(events.path("transformations").toString()).contains("_src", "_offset");
        JsonNode variable = null;
        for (JsonNode v : d.path("templating").path("list")) if (v.path("name").asText().equals("log_table")) variable = v;
        assertThat(variable).isNotNull();
        assertThat(variable.path("query").asText()).contains("FROM tables()");
    }

    @Test
    void a_variable_with_its_tables_becomes_a_grafana_query_variable_that_narrows_those_tables_only() {
        JsonNode d = GrafanaDashboard.of(DEFAULT);
        JsonNode symbol = d.path("templating").path("list").get(0);
        assertThat(symbol.path("name").asText()).isEqualTo("symbol");
        assertThat(symbol.path("label").asText()).isEqualTo("Symbol");
        assertThat(symbol.path("type").asText()).isEqualTo("query");
        assertThat(symbol.path("multi").asBoolean() && symbol.path("includeAll").asBoolean()).as("multi-value with All").isTrue();
        assertThat(symbol.path("refresh").asInt()).as("on time range change").isEqualTo(2);
        assertThat(symbol.path("datasource").toString()).isEqualTo("{\"type\":\"postgres\",\"uid\":\"stratmon-questdb\"}");
        assertThat(symbol.path("query").asText()).isEqualTo(String.join(" UNION ", List.of("price", "order_sent", "fill", "position", "order_rejected")
                .stream().map(t -> "SELECT DISTINCT \"symbol\" FROM \"" + t + "\" WHERE $__timeFilter(timestamp)").toList()));
        assertThat(symbol.path("definition")).isEqualTo(symbol.path("query"));
        assertThat(symbol.path("current").toString()).isEqualTo("{\"text\":[\"All\"],\"value\":[\"$__all\"]}");
        // The fills panel reads fill (narrowed) and the equity panel pnl (no symbol column: untouched).
        assertThat(panel(d, "Equity and drawdown").path("targets").get(0).path("rawSql").asText()).doesNotContain("$symbol");
        assertThat(panel(d, "Fill latency p50 / p99").path("targets").get(0).path("rawSql").asText())
                .contains("FROM fill WHERE \"symbol\" IN ($symbol) AND ($__timeFilter(timestamp)) SAMPLE BY");
        // host and strategy do not say which tables have them: not exported, and the command says so.
        assertThat(d.path("templating").path("list")).extracting(v -> v.path("name").asText()).containsExactly("symbol", "log_table");
        assertThat(GrafanaDashboard.notExported(DEFAULT)).hasSize(2).allMatch(n -> n.contains("not exported to Grafana"));
    }

    @Test
    void lays_panels_out_on_grafanas_24_column_grid_without_overlap() {
        JsonNode d = GrafanaDashboard.of(DEFAULT);
        List<int[]> boxes = new java.util.ArrayList<>();
        for (JsonNode p : d.path("panels")) {
            JsonNode g = p.path("gridPos");
            int[] b = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()};
            assertThat(b[0] + b[2]).isLessThanOrEqualTo(24);
            for (int[] o : boxes) {
                boolean overlap = b[0] < o[0] + o[2] && o[0] < b[0] + b[2] && b[1] < o[1] + o[3] && o[1] < b[1] + b[3];
                assertThat(overlap).as("panels overlap").isFalse();
            }
            boxes.add(b);
        }
    }

    @Test
    void translates_the_questdb_plugin_spellings_for_the_postgresql_datasource() {
        assertThat(GrafanaDashboard.sql("WHERE ts BETWEEN $__fromTime AND $__toTime SAMPLE BY $__sampleByInterval"))
                .isEqualTo("WHERE ts BETWEEN $__timeFrom() AND $__timeTo() SAMPLE BY $__interval_msT");
    }

    @Test
    void writes_yaml_that_parses(@TempDir Path out) throws Exception {
        GrafanaProvisioning.write(out, List.of(DEFAULT), GrafanaProvisioning.Options.defaults());
        YAMLMapper yaml = new YAMLMapper();
        assertThat(yaml.readTree(out.resolve("grafana/provisioning/datasources/questdb.yaml").toFile()).path("datasources").get(0).path("name").asText())
                .isEqualTo("QuestDB");
        JsonNode compose = yaml.readTree(out.resolve("docker-compose.yml").toFile());
        assertThat(compose.path("services").path("grafana").path("environment").toString())
                .contains("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH=/etc/grafana/provisioning/dashboards/stratmon/default.json");
        assertThat(compose.path("services").path("questdb").path("image").asText()).isEqualTo("questdb/questdb:9.3.4");
        assertThat(new ObjectMapper().readTree(out.resolve("grafana/provisioning/dashboards/stratmon/default.json").toFile()).path("uid").asText())
                .isEqualTo("stratmon-default");
    }
}
