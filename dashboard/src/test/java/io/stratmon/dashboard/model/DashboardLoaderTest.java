package io.stratmon.dashboard.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardLoaderTest {

    static Dashboard ok(DashboardLoader.Result r) {
        assertThat(r).as("%s", r).isInstanceOf(DashboardLoader.Result.Ok.class);
        return ((DashboardLoader.Result.Ok) r).dashboard();
    }

    static List<String> problems(DashboardLoader.Result r) {
        assertThat(r).isInstanceOf(DashboardLoader.Result.Broken.class);
        return ((DashboardLoader.Result.Broken) r).problems();
    }

    @Test
    void the_built_in_default_dashboard_has_every_panel_the_issue_asks_for() {
        Dashboard d = new DashboardCatalog(null).dashboard("default").orElseThrow();
        assertThat(d.panels()).extracting(Panel::id).contains(
                "price", "equity", "pnl", "position-notional", "positions", "orders", "latency", "levels", "events",
                "rows-per-second", "seconds-behind", "dead-lettered");
        Set<PanelKind> kinds = d.panels().stream().map(Panel::kind).collect(Collectors.toSet());
        assertThat(kinds).containsExactlyInAnyOrder(PanelKind.values());
        Panel price = d.panel("price").orElseThrow();
        assertThat(price.groupBy()).isEqualTo("symbol");
        assertThat(price.split()).isTrue();
        assertThat(price.band()).containsExactly("bid", "ask");
        assertThat(price.rollup().names()).isEqualTo("price_1m");
        assertThat(price.rollup().minInterval()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(price.rollup().sql().get(0)).contains("FROM price_1m");
        assertThat(d.panel("latency").orElseThrow().sql().get(0)).contains("approx_percentile(latency_us, 0.5", "approx_percentile(latency_us, 0.99");
        assertThat(d.panel("seconds-behind").orElseThrow().emptyText()).isEqualTo("no shipper metrics yet");
        assertThat(new DashboardCatalog(null).dashboard("reference").orElseThrow().panels().get(0).sql())
                .containsExactly("SELECT timestamp, last(price) FROM price_log WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT");
    }

    @Test
    void a_rollup_has_one_or_several_views_each_on_one_table_and_a_shared_view_is_made_one_way() {
        String toml = """
                title = "Views"
                [[panels]]
                title = "Counts"
                kind = "timeseries"
                sql = "SELECT timestamp AS time, count() FROM a WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [panels.rollup]
                min_interval = "1m"
                views = [{ view = "c_a", create = "SELECT timestamp, $__keys count() AS n FROM a SAMPLE BY 1m" },
                         { view = "c_b", create = "SELECT timestamp, count() AS n FROM b SAMPLE BY 1m" }]
                sql = "SELECT timestamp AS time, sum(n) FROM c_a WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                """;
        DashboardLoader.Result ok = DashboardLoader.load("views", "views.toml", toml, DashboardLoader.Format.TOML);
        Rollup rollup = ((DashboardLoader.Result.Ok) ok).dashboard().panels().get(0).rollup();
        assertThat(rollup.views()).extracting(Rollup.View::table).containsExactly("a", "b");
        assertThat(rollup.names()).isEqualTo("c_a,c_b");

        String bad = """
                title = "Bad views"
                [[panels]]
                title = "Both"
                kind = "timeseries"
                sql = "SELECT timestamp AS time, count() FROM a WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [panels.rollup]
                view = "x"
                create = "SELECT timestamp, count() AS n FROM a SAMPLE BY 1m"
                min_interval = "1m"
                views = [{ view = "x2", create = "SELECT a.timestamp, count() AS n FROM a JOIN b ON a.k = b.k SAMPLE BY 1m" },
                         { view = "y", create = "SELECT timestamp, count() AS n FROM a WHERE $__timeFilter(timestamp) SAMPLE BY 1m" }]
                sql = "SELECT timestamp AS time, sum(n) FROM x WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [[panels]]
                title = "One"
                kind = "timeseries"
                sql = "SELECT timestamp AS time, count() FROM a WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [panels.rollup]
                min_interval = "1m"
                views = [{ view = "z", create = "SELECT timestamp, count() AS n FROM a SAMPLE BY 1m" }]
                sql = "SELECT timestamp AS time, sum(n) FROM z WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [[panels]]
                title = "Other"
                kind = "timeseries"
                sql = "SELECT timestamp AS time, count() FROM a WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [panels.rollup]
                min_interval = "1m"
                views = [{ view = "Z", create = "SELECT timestamp, max(v) AS n FROM a SAMPLE BY 1m" }]
                sql = "SELECT timestamp AS time, sum(n) FROM z WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                """;
        List<String> problems = problems(DashboardLoader.load("bad", "bad.toml", bad, DashboardLoader.Format.TOML));
        assertThat(problems).anyMatch(p -> p.contains("\"Both\": rollup.views: either view and create, or views"));
        assertThat(problems).anyMatch(p -> p.contains("\"Both\": rollup.views[0].create: must read exactly one table [tables=[a, b]]"));
        assertThat(problems).anyMatch(p -> p.contains("\"Both\": rollup.views[1].create: macros are not allowed here but $__keys"));
        assertThat(problems).anyMatch(p -> p.contains("\"Other\": rollup view Z is made differently by another panel"));
    }

    @Test
    void reads_toml_and_json_with_the_same_keys() {
        String toml = """
                title = "Mine"
                [[panels]]
                title = "Last price"
                kind = "timeseries"
                group_by = "symbol"
                min_interval = "5s"
                thresholds = [{ color = "green" }, { value = 10.5, color = "#ff0000" }]
                sql = "SELECT timestamp AS time, symbol, last(last) FROM price WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                """;
        Dashboard fromToml = ok(DashboardLoader.load("mine", "mine.toml", toml, DashboardLoader.Format.TOML));
        String json = """
                {"title": "Mine", "panels": [{"title": "Last price", "kind": "timeseries", "group_by": "symbol", "min_interval": "5s",
                  "thresholds": [{"color": "green"}, {"value": 10.5, "color": "#ff0000"}],
                  "sql": ["SELECT timestamp AS time, symbol, last(last) FROM price WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"]}]}
                """;
        Dashboard fromJson = ok(DashboardLoader.load("mine", "mine.json", json, DashboardLoader.Format.JSON));
        assertThat(fromToml.panels()).isEqualTo(fromJson.panels());
        Panel p = fromToml.panels().get(0);
        assertThat(p.id()).isEqualTo("last-price");
        assertThat(p.width()).isEqualTo(6);
        assertThat(p.minInterval()).hasSeconds(5);
        assertThat(p.thresholds()).containsExactly(new Threshold(null, "green"), new Threshold(10.5, "#ff0000"));
    }

    @Test
    void a_rollup_must_name_a_view_be_read_only_and_say_how_the_panel_reads_it() {
        String toml = """
                title = "Rollups"
                [[panels]]
                title = "Bad rollup"
                kind = "timeseries"
                sql = "SELECT timestamp AS time, avg(v) FROM t WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [panels.rollup]
                view = "t 1m"
                create = "DROP TABLE t"
                min_interval = "soon"

                [[panels]]
                title = "Stat with rollup"
                kind = "stat"
                sql = "SELECT last(v) FROM t"
                [panels.rollup]
                view = "t_1m"
                create = "SELECT timestamp, last(v) v FROM t WHERE $__timeFilter(timestamp) SAMPLE BY 1m"
                min_interval = "1m"
                sql = "SELECT last(v) FROM t_1m"
                """;
        List<String> problems = problems(DashboardLoader.load("rollups", "rollups.toml", toml, DashboardLoader.Format.TOML));
        assertThat(problems).anyMatch(p -> p.startsWith("panels[0] \"Bad rollup\": rollup.view: must be a table name"));
        assertThat(problems).anyMatch(p -> p.startsWith("panels[0] \"Bad rollup\": rollup.create: refused:"));
        assertThat(problems).anyMatch(p -> p.startsWith("panels[0] \"Bad rollup\": rollup.min_interval:"));
        assertThat(problems).anyMatch(p -> p.startsWith("panels[0] \"Bad rollup\": rollup.sql: is required"));
        assertThat(problems).anyMatch(p -> p.startsWith("panels[1] \"Stat with rollup\": rollup.only for kind timeseries"));
        assertThat(problems).anyMatch(p -> p.startsWith("panels[1] \"Stat with rollup\": rollup.create: macros are not allowed"));
    }

    @Test
    void lists_every_problem_of_a_file_at_once_with_its_key() {
        String toml = """
                [[panels]]
                title = "Writes"
                kind = "timeseries"
                sql = "DROP TABLE price"

                [[panels]]
                title = "Bad kind"
                kind = "pie"
                width = 13
                sql = "SELECT $__timeGroup(ts, '1m') FROM t"

                [[panels]]
                title = "No sql"
                kind = "table"

                [[panels]]
                id = "Bad Id"
                title = "Events with sql"
                kind = "events"
                sql = "SELECT 1"
                """;
        List<String> problems = problems(DashboardLoader.load("bad", "bad.toml", toml, DashboardLoader.Format.TOML));
        assertThat(problems).anyMatch(p -> p.equals("title: is required"));
        assertThat(problems).anyMatch(p -> p.startsWith("panels[0] \"Writes\": sql: refused:") && p.contains("DROP"));
        assertThat(problems).anyMatch(p -> p.startsWith("panels[1] \"Bad kind\": kind: must be one of timeseries|stat|table|bar|events"));
        assertThat(problems).anyMatch(p -> p.startsWith("panels[1] \"Bad kind\": width: must be 1..12"));
        assertThat(problems).anyMatch(p -> p.contains("unknown macro $__timeGroup"));
        assertThat(problems).anyMatch(p -> p.startsWith("panels[2] \"No sql\": sql: is required"));
        assertThat(problems).anyMatch(p -> p.startsWith("panels[3] \"Events with sql\": id:"));
        assertThat(problems).anyMatch(p -> p.contains("sql: not used by kind events"));
    }

    @Test
    void says_where_a_syntax_error_or_an_unknown_key_is() {
        List<String> syntax = problems(DashboardLoader.load("x", "x.toml", "title = \"x\"\n[[panels]\nkind = 1\n", DashboardLoader.Format.TOML));
        assertThat(syntax).singleElement().asString().startsWith("cannot parse:").contains("ARRAY_TABLE_CLOSE").contains("line=");
        List<String> unknown = problems(DashboardLoader.load("x", "x.toml", "title = \"x\"\n[[panels]]\ntitle = \"a\"\nkind = \"stat\"\ncolour = \"red\"\nsql = \"SELECT 1\"\n",
                DashboardLoader.Format.TOML));
        assertThat(unknown).singleElement().asString().startsWith("panels[0].colour: unknown key");
        assertThat(problems(DashboardLoader.load("x", "x.json", "{\"title\": \"x\", \"panels\": [", DashboardLoader.Format.JSON)))
                .singleElement().asString().contains("Unexpected end-of-input", "line=1").doesNotContain("REDACTED");
        assertThat(problems(DashboardLoader.load("Not An Id", "Not An Id.toml", "title = \"x\"", DashboardLoader.Format.TOML)))
                .singleElement().asString().contains("file name must be a dashboard id");
        assertThat(problems(DashboardLoader.load("x", "x.toml", "", DashboardLoader.Format.TOML))).isNotEmpty();
    }

    @Test
    void variables_name_the_column_they_filter_once_each_and_list_table_names_only() {
        String good = """
                title = "x"
                [[variables]]
                name = "host"
                label = "Host"
                [[variables]]
                name = "symbol"
                tables = ["price", "fill"]
                [[panels]]
                title = "a"
                kind = "stat"
                sql = "SELECT 1"
                """;
        Dashboard d = ok(DashboardLoader.load("x", "x.toml", good, DashboardLoader.Format.TOML));
        assertThat(d.variables()).containsExactly(new Variable("host", "Host", List.of()), new Variable("symbol", "symbol", List.of("price", "fill")));
        String bad = """
                title = "x"
                [[variables]]
                name = "host; DROP TABLE price"
                [[variables]]
                name = "host"
                [[variables]]
                name = "HOST"
                [[variables]]
                name = "_src"
                [[variables]]
                name = "symbol"
                tables = ["price\\"x"]
                [[variables]]
                name = "strategy"
                colour = "red"
                [[panels]]
                title = "a"
                kind = "stat"
                sql = "SELECT 1"
                """;
        List<String> problems = problems(DashboardLoader.load("x", "x.toml", bad, DashboardLoader.Format.TOML));
        assertThat(problems).anyMatch(p -> p.contains("colour: unknown key"));
        String noUnknownKey = bad.replace("colour = \"red\"\n", "");
        problems = problems(DashboardLoader.load("x", "x.toml", noUnknownKey, DashboardLoader.Format.TOML));
        assertThat(problems).containsExactly(
                "variables[0] \"host; DROP TABLE price\": name: must be the column it filters, e.g. host, strategy or symbol [value=host; DROP TABLE price]",
                "variables[2] \"HOST\": name: duplicate variable [name=HOST]",
                "variables[3] \"_src\": name: columns starting with '_' are the shipper's bookkeeping, not data [value=_src]",
                "variables[4] \"symbol\": tables: not a table name [value=price\"x]");
    }

    @Test
    void the_default_dashboard_offers_host_strategy_and_symbol() {
        Dashboard d = ok(new DashboardCatalog(null).find("default").orElseThrow());
        assertThat(d.variables()).extracting(Variable::name).containsExactly("host", "strategy", "symbol");
    }

    @Test
    void refuses_duplicate_panel_ids() {
        String toml = """
                title = "x"
                [[panels]]
                title = "Same"
                kind = "stat"
                sql = "SELECT 1"
                [[panels]]
                title = "Same"
                kind = "stat"
                sql = "SELECT 2"
                """;
        assertThat(problems(DashboardLoader.load("x", "x.toml", toml, DashboardLoader.Format.TOML))).anyMatch(p -> p.contains("duplicate panel id [id=same]"));
    }
}
