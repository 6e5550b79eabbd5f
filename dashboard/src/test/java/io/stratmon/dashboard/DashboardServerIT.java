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
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.stratmon.dashboard.Http.q;
import static org.assertj.core.api.Assertions.assertThat;

/** The API on a real QuestDB: downsampling, explore, the event log, panel errors, bad files, bad parameters. */
class DashboardServerIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
    static final String HOUR = "from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z";
    static Javalin app;
    static Http http;
    @TempDir
    static Path dashboards;

    @BeforeAll
    static void start() throws Exception {
        // 40,000 rows, one every 100 ms over 4000 s (two symbols): far more than a chart may receive.
        questdb.query("CREATE TABLE price (timestamp TIMESTAMP, level SYMBOL, symbol SYMBOL, bid DOUBLE, ask DOUBLE, last DOUBLE) "
                + "TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO price SELECT dateadd('T', cast(x * 100 as int), '" + START + "'), 'INFO', "
                + "rnd_symbol('AAA','BBB'), x - 0.5, x + 0.5, cast(x as double) FROM long_sequence(40000)");
        questdb.query("CREATE TABLE order_rejected (timestamp TIMESTAMP, level SYMBOL, order_id VARCHAR, symbol SYMBOL, reason VARCHAR, "
                + "_src SYMBOL, _offset LONG) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO order_rejected SELECT dateadd('s', cast(x * 10 as int), '" + START + "'), 'WARN', 'ORD-' || x, "
                + "'AAA', CASE WHEN x % 2 = 0 THEN 'insufficient margin' ELSE 'instrument halted' END, 'trader.jsonl', x * 100 FROM long_sequence(120)");
        questdb.awaitRowCount("price", 40000);
        questdb.awaitRowCount("order_rejected", 120);

        Files.writeString(dashboards.resolve("mixed.toml"), """
                title = "Mixed"
                [[panels]]
                id = "good"
                title = "Good"
                kind = "timeseries"
                sql = "SELECT timestamp AS time, avg(last) AS last FROM price WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [[panels]]
                id = "price-raw"
                title = "Price without rollup"
                kind = "timeseries"
                group_by = "symbol"
                sql = "SELECT timestamp AS time, symbol, last(last) AS last, min(bid) AS bid, max(ask) AS ask FROM price WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [[panels]]
                id = "failing"
                title = "Failing"
                kind = "timeseries"
                sql = "SELECT timestamp AS time, avg(no_such_column) FROM price WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [[panels]]
                id = "missing"
                title = "Not there yet"
                kind = "stat"
                empty_text = "no shipper metrics yet"
                sql = "SELECT last(seconds_behind) FROM stratmon_shipper WHERE $__timeFilter(timestamp)"
                [[panels]]
                id = "table"
                title = "Rejections"
                kind = "table"
                page_size = 50
                sql = "SELECT timestamp, order_id, reason FROM order_rejected WHERE $__timeFilter(timestamp) ORDER BY timestamp DESC"
                """);
        Files.writeString(dashboards.resolve("broken.toml"), "title = \"Broken\"\n[[panels]]\ntitle = \"x\"\nkind = \"pie\"\nsql = \"DROP TABLE price\"\n");
        app = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0).withDashboardsDir(dashboards)).start();
        http = new Http("http://127.0.0.1:" + app.port());
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void time_series_are_downsampled_in_sql_to_at_most_two_points_per_pixel() throws Exception {
        JsonNode r = http.get("/api/dashboards/default/panels/price?" + HOUR + "&w=300").json();
        assertThat(r.path("state").asText()).isEqualTo("ok");
        // 1 h over 600 points is 6 s, rounded up to a nice 10 s: 360 buckets, plus the one starting exactly at `to`.
        assertThat(r.path("intervalMs").asLong()).isEqualTo(10_000);
        JsonNode data = r.path("data");
        assertThat(data.path("x").size()).isEqualTo(361).isLessThanOrEqualTo(600);
        List<String> names = new ArrayList<>();
        data.path("series").forEach(s -> names.add(s.path("name").asText()));
        assertThat(names).containsExactly("AAA last", "AAA bid", "AAA ask", "BBB last", "BBB bid", "BBB ask");
        data.path("series").forEach(s -> assertThat(s.path("values").size()).isEqualTo(data.path("x").size()));
        double firstX = data.path("x").get(0).asDouble();
        assertThat(firstX).isEqualTo(START.getEpochSecond());
        // Each bucket keeps its last price: the very last one is the row at `to` (BETWEEN includes both ends, as in Grafana).
        JsonNode lastA = data.path("series").get(0).path("values"), lastB = data.path("series").get(3).path("values");
        assertThat(Math.max(lastA.get(lastA.size() - 1).asDouble(), lastB.get(lastB.size() - 1).asDouble())).isEqualTo(36000.0);

        JsonNode week = http.get("/api/dashboards/default/panels/price?from=2026-11-21T10:00:00Z&to=2026-11-28T10:00:00Z&w=1280").json();
        assertThat(week.path("data").path("x").size()).isPositive().isLessThanOrEqualTo(2560);
        // The old /api/series/{chart} URL still answers, with a panel of the default dashboard.
        assertThat(http.get("/api/series/price?" + HOUR).body()).contains("\"AAA last\"");
    }

    @Test
    void page_files_and_dashboard_definitions_carry_an_etag_and_revalidate_with_304() throws Exception {
        for (String path : List.of("/", "/index.html", "/app.js", "/panels.js", "/alerts.js", "/style.css", "/api/dashboards/default")) {
            var first = http.fetch(path, "Accept-Encoding", "identity");
            assertThat(first.statusCode()).as(path).isEqualTo(200);
            assertThat(first.body().length).as(path).isGreaterThan(100);
            String tag = first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag on " + path));
            assertThat(first.headers().firstValue("Cache-Control")).as(path).contains("no-cache");
            var again = http.fetch(path, "If-None-Match", tag);
            assertThat(again.statusCode()).as(path).isEqualTo(304);
            assertThat(again.body()).as(path).isEmpty();
            assertThat(http.fetch(path, "If-None-Match", "W/" + tag).statusCode()).as(path).isEqualTo(304);
            assertThat(http.fetch(path, "If-None-Match", "\"stale\"").statusCode()).as(path).isEqualTo(200);
        }
        assertThat(http.fetch("/index.html", "If-None-Match", "*").statusCode()).isEqualTo(304);
        // Two dashboards, two definitions, two tags.
        assertThat(http.fetch("/api/dashboards/mixed").headers().firstValue("ETag"))
                .isNotEqualTo(http.fetch("/api/dashboards/default").headers().firstValue("ETag"));
        assertThat(http.fetch("/api/dashboards/broken").statusCode()).isEqualTo(422);
        // The list can bring the definition the page opens with (one round trip); none for a broken or unknown file.
        JsonNode list = http.get("/api/dashboards?definition=default").json();
        assertThat(list.path("definition")).isEqualTo(http.get("/api/dashboards/default").json());
        assertThat(http.get("/api/dashboards?definition=broken").json().has("definition")).isFalse();
        assertThat(http.get("/api/dashboards?definition=nope").json().has("definition")).isFalse();
        var uplot = http.fetch("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
        System.out.println("uPlot webjar headers: " + uplot.headers().map());
        System.out.println("app.js headers (gzip asked): " + http.fetch("/app.js", "Accept-Encoding", "gzip").headers().map());
    }

    @Test
    void long_ranges_read_the_rollup_view_and_show_what_the_raw_table_shows() throws Exception {
        // The server creates price_1m (the default dashboard's rollup) as soon as the price table exists; QuestDB fills it.
        long minutes = questdb.query("SELECT count() FROM (SELECT timestamp, symbol, last(last) FROM price SAMPLE BY 1m)").longValue(0, 0);
        questdb.awaitRowCount("price_1m", minutes, java.time.Duration.ofSeconds(30));
        String window = "from=2026-11-27T10:00:00Z&to=2026-11-27T11:10:00Z&w=40"; // 70 min over 80 points: 1 min buckets
        JsonNode viaView = http.get("/api/dashboards/default/panels/price?" + window).json();
        assertThat(viaView.path("state").asText()).isEqualTo("ok");
        assertThat(viaView.path("intervalMs").asLong()).isEqualTo(60_000);
        assertThat(viaView.path("rollup").asText()).isEqualTo("price_1m");
        JsonNode raw = http.get("/api/dashboards/mixed/panels/price-raw?" + window).json();
        assertThat(raw.path("rollup").isNull()).isTrue();
        assertThat(viaView.path("data")).isEqualTo(raw.path("data"));
        assertThat(viaView.path("data").path("x").size()).isGreaterThan(60);
        // Short ranges have buckets under a minute: the raw table, as before.
        assertThat(http.get("/api/dashboards/default/panels/price?" + HOUR + "&w=300").json().path("rollup").isNull()).isTrue();
    }

    @Test
    void explore_charts_any_numeric_column_grouped_by_a_symbol_and_refuses_other_names() throws Exception {
        JsonNode r = http.get("/api/explore?table=price&column=bid&group=symbol&agg=max&" + HOUR + "&w=600").json();
        assertThat(r.path("state").asText()).isEqualTo("ok");
        assertThat(r.path("data").path("series")).extracting(s -> s.path("name").asText()).containsExactly("AAA", "BBB");
        assertThat(http.get("/api/explore/tables").json().path("tables").toString()).contains("\"table\":\"price\"", "\"symbols\":[\"level\",\"symbol\"]");
        assertThat(http.get("/api/explore?table=price&agg=count&group=&" + HOUR).json().path("data").path("series").get(0).path("name").asText()).isEqualTo("count");
        // Without a group the series split by the table's `symbol` column: AAA and BBB are never averaged into one line.
        assertThat(http.get("/api/explore?table=price&column=bid&" + HOUR).json().path("data").path("series"))
                .extracting(s -> s.path("name").asText()).containsExactly("AAA", "BBB");
        assertThat(http.get("/api/explore/tables").json().path("tables").toString()).contains("\"defaultGroup\":\"symbol\"");
        assertThat(http.get("/api/explore?table=nope&column=bid&" + HOUR).status()).isEqualTo(400);
        assertThat(http.get("/api/explore?table=price&column=symbol&" + HOUR).body()).contains("no numeric column");
        assertThat(http.get("/api/explore?table=price&column=bid&group=last&" + HOUR).body()).contains("no SYMBOL column");
        assertThat(http.get("/api/explore?table=price&column=bid&agg=" + q("sum(bid)); DROP TABLE price; --") + "&" + HOUR).status()).isEqualTo(400);
    }

    @Test
    void event_log_is_newest_first_filtered_by_table_level_and_text_and_paged() throws Exception {
        String window = "from=2026-11-27T10:00:00Z&to=2026-11-27T10:30:00Z";
        JsonNode all = http.get("/api/dashboards/default/panels/events?" + window).json().path("data");
        assertThat(all.path("tables").toString()).contains("price", "order_rejected");
        assertThat(all.path("rows")).hasSize(50);
        assertThat(all.path("hasMore").asBoolean()).isTrue();
        List<Double> times = new ArrayList<>();
        all.path("rows").forEach(row -> times.add(row.path("t").asDouble()));
        assertThat(times).isSortedAccordingTo((a, b) -> Double.compare(b, a));

        JsonNode warn = http.get("/api/dashboards/default/panels/events?" + window + "&level=warn").json().path("data");
        assertThat(warn.path("rows")).isNotEmpty().allSatisfy(row -> {
            assertThat(row.path("level").asText()).isEqualTo("WARN");
            assertThat(row.path("table").asText()).isEqualTo("order_rejected");
            assertThat(row.path("text").asText()).startsWith("order_id=").doesNotContain("_src", "_offset");
            assertThat(row.path("fields").path("_offset").isNumber()).as("the whole line keeps them").isTrue();
        });
        JsonNode margin = http.get("/api/dashboards/default/panels/events?" + window + "&q=" + q("Insufficient MARGIN")).json().path("data");
        assertThat(margin.path("rows")).isNotEmpty().allSatisfy(row -> assertThat(row.path("fields").path("reason").asText()).isEqualTo("insufficient margin"));
        JsonNode prices = http.get("/api/dashboards/default/panels/events?" + window + "&table=price&page=2").json().path("data");
        assertThat(prices.path("page").asInt()).isEqualTo(2);
        assertThat(prices.path("rows")).hasSize(50).allSatisfy(row -> assertThat(row.path("table").asText()).isEqualTo("price"));
        JsonNode quote = http.get("/api/dashboards/default/panels/events?" + window + "&q=" + q("it's")).json();
        assertThat(quote.path("state").asText()).isEqualTo("ok");
        assertThat(quote.path("data").path("rows")).isEmpty();
        assertThat(http.get("/api/dashboards/default/panels/events?" + window + "&table=" + q("price\"; DROP TABLE price; --")).status()).isEqualTo(400);
        assertThat(http.get("/api/dashboards/default/panels/events?" + window + "&level=" + q("WARN' OR '1'='1")).status()).isEqualTo(400);
    }

    @Test
    void a_failing_panel_shows_its_own_error_and_a_missing_table_is_empty_not_an_error() throws Exception {
        JsonNode good = http.get("/api/dashboards/mixed/panels/good?" + HOUR).json();
        JsonNode failing = http.get("/api/dashboards/mixed/panels/failing?" + HOUR).json();
        JsonNode missing = http.get("/api/dashboards/mixed/panels/missing?" + HOUR).json();
        assertThat(good.path("state").asText()).isEqualTo("ok");
        assertThat(failing.path("state").asText()).isEqualTo("error");
        assertThat(failing.path("message").asText()).contains("Invalid column: no_such_column");
        assertThat(missing.path("state").asText()).isEqualTo("empty");
        assertThat(missing.path("message").asText()).isEqualTo("no shipper metrics yet");
    }

    @Test
    void table_panels_are_paged() throws Exception {
        JsonNode first = http.get("/api/dashboards/mixed/panels/table?" + HOUR).json().path("data");
        JsonNode third = http.get("/api/dashboards/mixed/panels/table?" + HOUR + "&page=2").json().path("data");
        assertThat(first.path("rows")).hasSize(50);
        assertThat(first.path("hasMore").asBoolean()).isTrue();
        assertThat(first.path("rows").get(0).get(1).asText()).isEqualTo("ORD-120");
        assertThat(third.path("rows")).hasSize(20);
        assertThat(third.path("hasMore").asBoolean()).isFalse();
        assertThat(first.path("columns").get(0).path("type").asText()).isEqualTo("TIMESTAMP");
    }

    @Test
    void a_bad_dashboard_file_is_listed_with_its_problems_instead_of_a_blank_page() throws Exception {
        JsonNode list = http.get("/api/dashboards").json();
        JsonNode broken = null;
        for (JsonNode d : list.path("dashboards")) if (d.path("id").asText().equals("broken")) broken = d;
        assertThat(broken).isNotNull();
        assertThat(broken.path("source").asText()).endsWith("broken.toml");
        assertThat(broken.path("problems").toString()).contains("kind: must be one of", "refused");
        Http.Answer definition = http.get("/api/dashboards/broken");
        assertThat(definition.status()).isEqualTo(422);
        assertThat(definition.json().path("problems")).isNotEmpty();
        assertThat(http.get("/api/dashboards/mixed").json().path("panels")).hasSize(5);
    }

    @Test
    void refuses_bad_parameters_with_400_and_unknown_names_with_404() throws Exception {
        assertThat(http.get("/api/dashboards/nope").status()).isEqualTo(404);
        assertThat(http.get("/api/dashboards/default/panels/nope?range=5m").status()).isEqualTo(404);
        assertThat(http.get("/api/dashboards/default/panels/price?range=forever").status()).isEqualTo(400);
        assertThat(http.get("/api/dashboards/default/panels/price?from=2026-11-27T11:00:00Z&to=2026-11-27T10:00:00Z").status()).isEqualTo(400);
        assertThat(http.get("/api/dashboards/default/panels/price?from=yesterday&to=2026-11-27T10:00:00Z").status()).isEqualTo(400);
        assertThat(http.get("/api/dashboards/default/panels/price?range=5m&w=-3").status()).isEqualTo(400);
        assertThat(http.get("/api/dashboards/default/panels/events?range=5m&page=x").status()).isEqualTo(400);
        assertThat(http.get("/api/dashboards/default/panels/price?range=400d").status()).isEqualTo(400);
    }

    @Test
    void answers_only_to_loopback_host_names() throws Exception {
        try (Socket s = new Socket("127.0.0.1", app.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/dashboards HTTP/1.1\r\nHost: evil.example:" + app.port() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).contains(" 403 ");
        }
        assertThat(new Http("http://localhost:" + app.port()).get("/api/dashboards").status()).isEqualTo(200);
    }

    @Test
    void serves_the_page_and_every_asset_itself() throws Exception {
        Http.Answer page = http.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", "/app.js", "/panels.js", "/alerts.js", "/style.css");
        for (String asset : List.of("/", "/app.js", "/panels.js", "/alerts.js", "/style.css")) {
            assertThat(http.get(asset).body()).as("no CDN in %s", asset).doesNotContain("http://", "https://", "//cdn");
        }
        assertThat(http.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").status()).isEqualTo(200);
        assertThat(http.get("/webjars/uplot/1.6.30/dist/uPlot.min.css").status()).isEqualTo(200);
    }
}
