package io.stratmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.javalin.Javalin;
import io.stratmon.dashboard.DashboardConfig;
import io.stratmon.dashboard.DashboardServer;
import io.stratmon.dashboard.model.DashboardCatalog;
import io.stratmon.dashboard.model.Panel;
import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.testkit.QuestDbExtension;
import io.stratmon.trader.DemoTrader;
import io.stratmon.trader.TraderOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * The dashboard benchmark of BENCHMARKS.md (reports, asserts nothing): 10 million rows in {@code price} over the last
 * 7 days, then for the 1h and 7d ranges the time to first full render of the default dashboard in Chromium, and each
 * panel's query time (p50/p95 of 20 runs, measured in the server around the QuestDB call).
 * Off by default: {@code mvn -B -pl app -am verify -Dit.test=DashboardBenchmarkBrowserIT -Dstratmon.benchmark=true
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}. Writes {@code target/benchmark-dashboard.md}.
 */
@EnabledIfSystemProperty(named = "stratmon.benchmark", matches = "true", disabledReason = "benchmark: run with -Dstratmon.benchmark=true")
class DashboardBenchmarkBrowserIT {
    static final long ROWS = Long.getLong("stratmon.benchmark.rows", 10_000_000L);
    static final int RUNS = 20;
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @Test
    void ten_million_price_rows(@TempDir Path dir) throws Exception {
        StringBuilder report = new StringBuilder();
        long t0 = System.nanoTime();
        questdb.query("CREATE TABLE price (timestamp TIMESTAMP, level SYMBOL, symbol SYMBOL, bid DOUBLE, ask DOUBLE, last DOUBLE) "
                + "TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        long stepMicros = Duration.ofDays(7).toNanos() / 1000 / ROWS;
        long startMicros = (System.currentTimeMillis() - Duration.ofDays(7).toMillis()) * 1000;
        questdb.query("INSERT INTO price SELECT cast(" + startMicros + " + x * " + stepMicros + " as timestamp), 'INFO', "
                + "rnd_symbol('BTC-USD','ETH-USD','SOL-USD'), 100 + rnd_double(), 101 + rnd_double(), 100.5 + rnd_double() FROM long_sequence(" + ROWS + ")");
        questdb.awaitRowCount("price", ROWS, Duration.ofMinutes(10));
        report.append("Loaded ").append(ROWS).append(" price rows in ").append((System.nanoTime() - t0) / 1_000_000_000).append(" s\n\n");

        try (DemoTrader burst = new DemoTrader(TraderOptions.defaults(dir.resolve("logs/burst.jsonl")).withRate(1500).withCount(1500)
                .withConsole(false).withSeed(11))) {
            burst.run();
        }
        try (Shipper shipper = Shipper.start(ShipperConfig.of(List.of(dir.resolve("logs/*.jsonl").toString()), questdb.httpUrl(), dir.resolve("state")).withCredentials(questdb.username(), questdb.password()))) {
            for (String table : List.of("order_sent", "fill", "position", "pnl", "heartbeat", "order_rejected", "error")) {
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> questdb.count(table) > 0);
            }
        }
        questdb.query("CREATE TABLE IF NOT EXISTS stratmon_shipper (timestamp TIMESTAMP, host SYMBOL, file SYMBOL, lines_read DOUBLE, "
                + "rows_shipped DOUBLE, dead_lettered DOUBLE, retries DOUBLE, bytes_behind DOUBLE, seconds_behind DOUBLE, batch_ms DOUBLE) "
                + "TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        // Columns named: the shipper above may have made the table first (its own health rows), in another column order.
        long healthRows = questdb.count("stratmon_shipper");
        questdb.query("INSERT INTO stratmon_shipper (timestamp, host, file, lines_read, rows_shipped, dead_lettered, retries, bytes_behind, seconds_behind, batch_ms) "
                + "SELECT dateadd('s', -cast(x * 5 as int), now()), 'host-1', rnd_symbol('*', 'logs/a.jsonl'), "
                + "x, x, 0, 0, 0, 0.5, 2 FROM long_sequence(120000)"); // 7 days of metrics every 5 s
        questdb.awaitRowCount("stratmon_shipper", healthRows + 120_000, Duration.ofMinutes(2));

        Javalin app = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0)).start();
        String base = "http://127.0.0.1:" + app.port();
        // The rollup views exist in production long before anyone opens a week: wait until QuestDB built them over
        // the 10 M rows (the server creates them within 5 s of start) instead of timing their first refresh.
        long t1 = System.nanoTime();
        long[] counted = {0};
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                try {
                    counted[0] = questdb.query("SELECT sum(n) FROM rows_1m_price").longValue(0, 0);
                } catch (RuntimeException notYet) {
                    counted[0] = 0;
                }
                return counted[0] >= ROWS;
            });
        } catch (org.awaitility.core.ConditionTimeoutException stillBuilding) {
            // reported below: how far the view got is a figure of its own
        }
        report.append("Rollup view rows_1m_price counted ").append(counted[0]).append(" of ").append(ROWS).append(" rows ")
                .append((System.nanoTime() - t1) / 1_000_000).append(" ms after the server started (waited at most 3 min)\n\n");
        report.append(assets(base)).append('\n');
        try (Playwright pw = DashboardBrowserIT.playwright(); Browser browser = DashboardBrowserIT.launch(pw)) {
            for (String range : List.of("1h", "7d")) {
                report.append("### Range ").append(range).append("\n\n");
                report.append(renders(browser, base, range, dir)).append('\n');
                report.append(panelQueries(base, range)).append('\n');
            }
        } finally {
            app.stop();
        }
        String text = report.toString();
        System.out.println(text);
        Files.writeString(Path.of("target/benchmark-dashboard.md"), text);
    }

    /**
     * Time from navigation to every panel having its first answer, in a fresh browser context each time (an empty
     * browser cache; the server warm): the first is cold. Then the same in new tabs of one context (the page's files
     * revalidated, 304). The last fresh tab is traced (Chromium's DevTools trace) and its timeline printed.
     */
    private static String renders(Browser browser, String base, String range, Path dir) throws Exception {
        List<Long> times = new ArrayList<>();
        String marks = "";
        String timeline = "";
        String trace = "";
        for (int i = 0; i < 6; i++) {
            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
                context.addInitScript(LONG_TASKS);
                Page page = context.newPage();
                Path traceFile = dir.resolve("trace-" + range + ".json");
                if (i == 5) browser.startTracing(page, new Browser.StartTracingOptions().setPath(traceFile));
                page.navigate(base + "/#view=dashboard&d=default&range=" + range);
                page.waitForFunction("() => window.stratmon && stratmon.ready", null, new Page.WaitForFunctionOptions().setTimeout(60_000));
                times.add(((Number) page.evaluate("() => stratmon.firstFullRenderMs")).longValue());
                marks = String.valueOf(page.evaluate("() => JSON.stringify(Object.assign({domContentLoaded: Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd)}, stratmon.marks, {allPanels: stratmon.firstFullRenderMs}))"));
                timeline = timeline(page);
                if (i == 5) {
                    browser.stopTracing();
                    trace = PageTrace.summary(traceFile, ((Number) page.evaluate("() => stratmon.firstFullRenderMs")).longValue());
                }
            }
        }
        List<Long> sameContext = new ArrayList<>();
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
            for (int i = 0; i < 6; i++) {
                Page page = context.newPage();
                page.navigate(base + "/#view=dashboard&d=default&range=" + range);
                page.waitForFunction("() => window.stratmon && stratmon.ready", null, new Page.WaitForFunctionOptions().setTimeout(60_000));
                sameContext.add(((Number) page.evaluate("() => stratmon.firstFullRenderMs")).longValue());
                page.close();
            }
        }
        List<Long> warm = new ArrayList<>(times.subList(1, times.size()));
        Collections.sort(warm);
        List<Long> warmTabs = new ArrayList<>(sameContext.subList(1, sameContext.size()));
        Collections.sort(warmTabs);
        return "Page ready (navigation to every panel drawn, live mode), fresh context each: first " + times.get(0) + " ms, then median "
                + warm.get(warm.size() / 2) + " ms, max " + warm.get(warm.size() - 1) + " ms (runs: " + times + ")\n\n"
                + "Page ready, new tabs of one context (page files cached, revalidated): first " + sameContext.get(0) + " ms, then median "
                + warmTabs.get(warmTabs.size() / 2) + " ms, max " + warmTabs.get(warmTabs.size() - 1) + " ms (runs: " + sameContext + ")\n\n"
                + "Last fresh run, ms since navigation: " + marks + "\n\n" + timeline + "\n" + trace;
    }

    /** Long tasks (over 50 ms on the page's main thread), recorded from before the page's first script. */
    static final String LONG_TASKS = "window.__longTasks = []; try { new PerformanceObserver(l => l.getEntries().forEach(e => "
            + "window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]))).observe({ type: 'longtask', buffered: true }); } catch (e) {}";

    /**
     * Each panel's first answer in the page: when its request started, was sent (a gap: the browser's connection
     * limit), got its first byte, the server's query time (Server-Timing), when it was applied and how long drawing took.
     */
    @SuppressWarnings("unchecked")
    private static String timeline(Page page) throws Exception {
        String json = String.valueOf(page.evaluate("() => JSON.stringify({ timeline: stratmon.timeline, longTasks: window.__longTasks || [], "
                + "resources: performance.getEntriesByType('resource').map(r => ({ name: r.name.replace(location.origin, ''), start: Math.round(r.startTime), "
                + "sent: Math.round(r.requestStart), firstByte: Math.round(r.responseStart), end: Math.round(r.responseEnd), "
                + "server: (r.serverTiming || []).map(t => t.duration)[0] })) })"));
        JsonNode t = JSON.readTree(json);
        StringBuilder sb = new StringBuilder("| resource | start | sent | first byte | end | server query ms |\n|---|---|---|---|---|---|\n");
        for (JsonNode r : t.path("resources")) {
            String name = r.path("name").asText();
            sb.append("| ").append(name.length() > 70 ? name.substring(0, 70) + "…" : name).append(" | ").append(r.path("start").asLong()).append(" | ")
                    .append(r.path("sent").asLong()).append(" | ").append(r.path("firstByte").asLong()).append(" | ").append(r.path("end").asLong())
                    .append(" | ").append(r.path("server").isMissingNode() || r.path("server").isNull() ? "" : r.path("server").asText()).append(" |\n");
        }
        sb.append("\n| panel | first answer via | applied at ms | draw ms | query ms |\n|---|---|---|---|---|\n");
        double draw = 0;
        for (JsonNode p : t.path("timeline")) {
            draw += p.path("drawMs").asDouble();
            sb.append("| ").append(p.path("panel").asText()).append(" | ").append(p.path("via").asText()).append(" | ").append(p.path("at").asLong())
                    .append(" | ").append(p.path("drawMs").asText()).append(" | ").append(p.path("queryMs").asText()).append(" |\n");
        }
        sb.append("\nDrawing the first answers: ").append(Math.round(draw)).append(" ms in all. Long tasks [start, ms]: ").append(t.path("longTasks")).append('\n');
        return sb.toString();
    }

    /** Bytes of the page's files as sent (gzip when asked, as browsers do) and whether revalidation is a 304. */
    private static String assets(String base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        StringBuilder sb = new StringBuilder("| file | bytes | gzip bytes | revalidation |\n|---|---|---|---|\n");
        for (String path : List.of("/", "/app.js", "/panels.js", "/alerts.js", "/style.css", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
                "/webjars/uplot/1.6.30/dist/uPlot.min.css", "/api/dashboards", "/api/dashboards/default")) {
            HttpResponse<byte[]> plain = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> gzip = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept-Encoding", "gzip").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String tag = plain.headers().firstValue("ETag").orElse(null);
            String again = tag == null ? "no ETag" : String.valueOf(http.send(HttpRequest.newBuilder(URI.create(base + path)).header("If-None-Match", tag).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            sb.append("| ").append(path).append(" | ").append(plain.body().length).append(" | ")
                    .append(gzip.headers().firstValue("Content-Encoding").isPresent() ? String.valueOf(gzip.body().length) : "-").append(" | ")
                    .append(again).append(" ").append(plain.headers().firstValue("Cache-Control").orElse("")).append(" |\n");
        }
        return sb.toString();
    }

    private static String panelQueries(String base, String range) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        StringBuilder sb = new StringBuilder("| panel | kind | bucket | points | query p50 ms | query p95 ms | HTTP p95 ms |\n|---|---|---|---|---|---|---|\n");
        for (Panel p : new DashboardCatalog(null).dashboard("default").orElseThrow().panels()) {
            int px = p.split() ? 1264 / 3 - 80 : Math.max(100, p.width() * 1264 / 12 - 80);
            List<Long> query = new ArrayList<>();
            List<Long> total = new ArrayList<>();
            JsonNode last = null;
            for (int i = 0; i < RUNS + 2; i++) {
                long start = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/dashboards/default/panels/" + p.id() + "?range=" + range + "&w=" + px)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                last = JSON.readTree(r.body());
                if (i < 2) continue; // warm-up
                query.add(last.path("ms").asLong());
                total.add(elapsed);
            }
            Collections.sort(query);
            Collections.sort(total);
            JsonNode data = last.path("data");
            int points = switch (p.kind()) {
                case TIMESERIES -> data.path("x").size() * Math.max(1, data.path("series").size());
                case STAT -> data.path("tiles").size();
                case TABLE, EVENTS -> data.path("rows").size();
                case BAR -> data.path("categories").size();
            };
            sb.append("| ").append(p.id()).append(" | ").append(p.kind().id()).append(" | ").append(last.path("intervalMs").asLong()).append(" ms | ")
                    .append(points).append(" | ").append(query.get(query.size() / 2)).append(" | ").append(p95(query)).append(" | ").append(p95(total))
                    .append(" |").append(last.path("state").asText().equals("ok") ? "" : " " + last.path("state").asText()).append('\n');
        }
        return sb.toString();
    }

    private static long p95(List<Long> sorted) {
        return sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1);
    }
}
