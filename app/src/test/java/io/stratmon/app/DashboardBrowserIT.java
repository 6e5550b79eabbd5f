package io.stratmon.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.BoundingBox;
import io.javalin.Javalin;
import io.stratmon.dashboard.DashboardConfig;
import io.stratmon.dashboard.DashboardServer;
import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.testkit.QuestDbExtension;
import io.stratmon.trader.DemoTrader;
import io.stratmon.trader.Profile;
import io.stratmon.trader.TraderOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium, on an embedded QuestDB fed by the demo trader through the shipper.
 * Assertions read what the page drew (series data, canvas pixels, tile text), never just that an element exists.
 * Screenshots go to {@code target/screenshots/} for people to look at.
 */
class DashboardBrowserIT {
    /** The Chromium the browser ITs drive: {@link SharedChromium#executable()}. */
    static final Path CHROMIUM = SharedChromium.executable();
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final List<String> TABLES = List.of("price", "order_sent", "fill", "position", "pnl", "heartbeat", "order_rejected", "error");

    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    static Path dir;
    static DemoTrader liveTrader;
    static Thread liveThread;
    static Shipper shipper;
    static Javalin dashboard;
    static String base;
    static Playwright playwright;
    static Browser browser;

    BrowserContext context;
    Page page;
    final List<String> consoleErrors = new ArrayList<>();

    /**
     * Debian's Chromium under Playwright, offline: the test JVM's one Chromium ({@link SharedChromium}); its
     * {@code close()} closes the caller's contexts and pages, not Chromium.
     */
    static Browser launch(Playwright pw) {
        return SharedChromium.browser();
    }

    /** The test JVM's Playwright driver ({@link SharedChromium}). Skips the test class cleanly when Chromium is not installed. */
    static Playwright playwright() {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
                + " (apt-get install -y chromium-headless-shell); browser tests skipped");
        return SharedChromium.playwright();
    }

    @BeforeAll
    static void start() throws Exception {
        playwright = playwright();
        browser = launch(playwright);
        Path logs = dir.resolve("logs");
        // A burst first: the strategy's first 1,500 events always hold a rejection and an error, so every table exists.
        try (DemoTrader burst = new DemoTrader(TraderOptions.defaults(logs.resolve("burst.jsonl")).withRate(1500).withCount(1500)
                .withConsole(false).withSeed(11))) {
            burst.run();
        }
        // Then a steady trickle for live mode (each line a WAL commit, two more per rollup view: 20/s is plenty).
        liveTrader = new DemoTrader(TraderOptions.defaults(logs.resolve("live.jsonl")).withProfile(Profile.STRATEGY).withRate(20)
                .withConsole(false).withSeed(12));
        liveThread = new Thread(liveTrader::run, "browser-it-trader");
        liveThread.start();
        // The test writes the stratmon_shipper rows it checks itself: the shipper's own metrics rows would race with them.
        shipper = Shipper.start(ShipperConfig.of(List.of(logs.resolve("*.jsonl").toString()), questdb.httpUrl(), dir.resolve("state")).withCredentials(questdb.username(), questdb.password())
                .withMetricsInterval(Duration.ZERO));
        for (String table : TABLES) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> questdb.count(table) > 0);
        }
        // Prices from 40 minutes ago: in the 1h range, not in the 5m one.
        questdb.query("INSERT INTO price (timestamp, level, symbol, bid, ask, last) SELECT dateadd('s', -cast(2400 + x as int), now()), "
                + "'INFO', 'BTC-USD', 59000 + x, 59001 + x, 59000.5 + x FROM long_sequence(300)");
        // The shipper's own metrics, in the planned shape (another branch writes them for real).
        questdb.query("CREATE TABLE IF NOT EXISTS stratmon_shipper (timestamp TIMESTAMP, host SYMBOL, file SYMBOL, lines_read DOUBLE, "
                + "rows_shipped DOUBLE, dead_lettered DOUBLE, retries DOUBLE, bytes_behind DOUBLE, seconds_behind DOUBLE, batch_ms DOUBLE) "
                + "TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        for (String file : List.of(logs.resolve("burst.jsonl").toString(), logs.resolve("live.jsonl").toString(), "*")) {
            questdb.query("INSERT INTO stratmon_shipper (timestamp, host, file, lines_read, rows_shipped, dead_lettered, retries, bytes_behind, "
                    + "seconds_behind, batch_ms) SELECT dateadd('s', -cast(x * 2 as int), now()), 'host-1', '" + file + "', 10000 - x, 10000 - x, "
                    + "CASE WHEN x > 100 THEN 0 ELSE 2 END, 0, 100, (x % 7) * 0.1, 3.5 FROM long_sequence(300)");
        }
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> questdb.count("stratmon_shipper") == 900);

        Path dashboards = Files.createDirectories(dir.resolve("dashboards"));
        Files.writeString(dashboards.resolve("broken-panel.toml"), """
                title = "One panel fails"
                [[panels]]
                id = "good"
                title = "Equity"
                kind = "timeseries"
                width = 6
                sql = "SELECT timestamp AS time, last(equity) AS equity FROM pnl WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [[panels]]
                id = "failing"
                title = "Uses a column that does not exist"
                kind = "timeseries"
                width = 6
                sql = "SELECT timestamp AS time, last(no_such_column) FROM pnl WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [[panels]]
                id = "fills"
                title = "Fills"
                kind = "stat"
                sql = "SELECT count() AS fills FROM fill WHERE $__timeFilter(timestamp)"
                """);
        Files.writeString(dashboards.resolve("bad.toml"), "title = \"Bad\"\n[[panels]\nkind = \"stat\"\n");
        dashboard = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0).withDashboardsDir(dashboards)).start();
        base = "http://127.0.0.1:" + dashboard.port();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (dashboard != null) dashboard.stop();
        if (liveTrader != null) {
            liveTrader.stop();
            liveThread.join(5_000);
            liveTrader.close();
        }
        if (shipper != null) shipper.close();
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        page = context.newPage();
        page.onConsoleMessage((ConsoleMessage m) -> {
            if (m.type().equals("error")) consoleErrors.add(m.text());
        });
        page.onPageError(e -> consoleErrors.add("page error: " + e));
    }

    @AfterEach
    void closePage(TestInfo info) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(info.getTestMethod().orElseThrow().getName() + "-last.png")));
        context.close();
    }

    void open(String hash) {
        page.navigate(base + "/#" + hash);
    }

    Object js(String expression) {
        return page.evaluate(expression);
    }

    void waitFor(String condition) {
        page.waitForFunction("() => { try { return " + condition + "; } catch (e) { return false; } }", null,
                new Page.WaitForFunctionOptions().setTimeout(30_000));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> panel(String id) {
        return (Map<String, Object>) js("() => stratmon.panels['" + id + "']");
    }

    static double number(Object o) {
        return ((Number) o).doubleValue();
    }

    @Test
    void default_dashboard_renders_every_panel_with_data_and_no_console_errors() {
        open("view=dashboard&d=default&range=15m");
        waitFor("stratmon.ready && Object.values(stratmon.panels).every(p => p.state === 'ok' && p.points > 0)");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> panels = (Map<String, Map<String, Object>>) js("() => stratmon.panels");
        assertThat(panels.keySet()).contains("price", "equity", "pnl", "position-notional", "positions", "orders", "latency", "levels",
                "events", "rows-per-second", "seconds-behind", "dead-lettered", "equity-now", "pnl-now");
        panels.forEach((id, p) -> {
            assertThat(p.get("state")).as("state of %s: %s", id, p.get("message")).isEqualTo("ok");
            assertThat(number(p.get("points"))).as("points of %s", id).isPositive();
            if (p.get("kind").equals("timeseries")) {
                assertThat(number(js("() => stratmon.pixels('" + id + "')"))).as("lit pixels of %s", id).isGreaterThan(20);
            }
        });
        // The price panel: one chart per symbol, each with last, bid and ask.
        assertThat(panels.get("price").get("names")).asList().contains("BTC-USD last", "ETH-USD bid", "SOL-USD ask");
        assertThat(number(panels.get("price").get("charts"))).isEqualTo(3);
        assertThat(panels.get("position-notional").get("categories")).asList().containsExactly("BTC-USD", "ETH-USD", "SOL-USD");
        assertThat(page.locator("[data-panel=equity-now] .tile .value").textContent()).matches("[0-9,]+ USD");
        assertThat(page.locator("[data-panel=seconds-behind] .u-legend").textContent()).contains("live.jsonl", "burst.jsonl");
        assertThat(consoleErrors).isEmpty();
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("default-dashboard-1280x800.png")));
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("default-dashboard-full.png")).setFullPage(true));
    }

    @Test
    void live_mode_pushes_new_points_at_least_once_a_second() {
        open("view=dashboard&d=default&range=5m");
        waitFor("stratmon.ready && stratmon.panels.price.state === 'ok' && stratmon.panels.price.lastX > 0");
        double ticks = number(js("() => stratmon.ticks"));
        double lastX = number(panel("price").get("lastX"));
        long start = System.nanoTime();
        waitFor("stratmon.ticks >= " + (ticks + 3));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).as("three pushes").isLessThan(4.5);
        waitFor("stratmon.panels.price.lastX > " + lastX);
        assertThat(number(panel("price").get("updates"))).isGreaterThan(1);
        assertThat(page.locator("#status").textContent()).startsWith("live");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void changing_the_time_range_changes_the_data() {
        open("view=dashboard&d=default&range=15m");
        waitFor("stratmon.ready && stratmon.panels.price.state === 'ok'");
        page.locator("#ranges button[data-range='5m']").click();
        waitFor("location.hash.includes('range=5m') && stratmon.ready && stratmon.panels.price.points > 0");
        double now = System.currentTimeMillis() / 1000.0;
        Map<String, Object> fiveMinutes = panel("price");
        assertThat(number(fiveMinutes.get("firstX"))).isGreaterThan(now - 5 * 60 - 10);
        page.locator("#ranges button[data-range='1h']").click();
        waitFor("location.hash.includes('range=1h') && stratmon.ready && stratmon.panels.price.firstX < Date.now() / 1000 - 35 * 60");
        Map<String, Object> hour = panel("price");
        assertThat(number(hour.get("intervalMs"))).isGreaterThan(number(fiveMinutes.get("intervalMs")));
        assertThat(java.time.Instant.parse((String) hour.get("from"))).isBefore(java.time.Instant.parse((String) fiveMinutes.get("from")).minusSeconds(50 * 60));
        assertThat(page.locator("#ranges button.on").textContent()).isEqualTo("1h");
        // A custom absolute range stops live mode.
        page.locator("#ranges button[data-range='custom']").click();
        page.locator("#custom button[type=submit]").click();
        waitFor("location.hash.includes('from=') && stratmon.ready");
        assertThat(page.locator("#live").textContent()).contains("back to live");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void event_log_filters_by_table_level_and_text_and_shows_the_whole_line() {
        open("view=dashboard&d=default&range=15m");
        waitFor("stratmon.ready && stratmon.panels.events.rows > 0");
        Locator events = page.locator("[data-panel=events]");
        events.locator("select[name=level]").selectOption("WARN");
        waitFor("stratmon.panels.events.rows > 0 && stratmon.panels.events.levels.join() === 'WARN'");
        assertThat(panel("events").get("tablesShown")).asList().containsExactly("order_rejected");

        events.locator("select[name=level]").selectOption("");
        events.locator("select[name=table]").selectOption("fill");
        waitFor("stratmon.panels.events.rows > 0 && stratmon.panels.events.tablesShown.join() === 'fill'");
        String orderId = (String) js("() => document.querySelector('[data-panel=events] td.text').textContent.match(/order_id=(ORD-\\d+)/)[1]");
        events.locator("select[name=table]").selectOption("");
        events.locator("input[name=q]").fill(orderId);
        // The order's life: sent and filled, every row shown matching the text.
        waitFor("stratmon.panels.events.rows >= 2 && stratmon.panels.events.tablesShown.includes('order_sent') && "
                + "[...document.querySelectorAll('[data-panel=events] td.text')].every(td => td.textContent.includes('" + orderId + "'))");
        assertThat(page.locator("[data-panel=events] td.text").allTextContents()).allMatch(t -> t.contains(orderId));

        page.locator("[data-panel=events] tr[data-i]").first().click();
        String detail = page.locator("[data-panel=events] pre.detail").textContent();
        assertThat(detail).contains("\"order_id\": \"" + orderId + "\"", "\"timestamp\"", "\"table\"", "\"level\"");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("event-log-filtered.png")));
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void a_row_clicked_while_live_mode_redraws_the_event_log_is_still_picked() {
        open("view=dashboard&d=default&range=15m");
        waitFor("stratmon.ready && stratmon.panels.events.rows > 0");
        long updates = ((Number) js("() => stratmon.panels.events.updates")).longValue();
        page.locator("[data-panel=events] tr[data-i]").first().scrollIntoViewIfNeeded();
        BoundingBox row = page.locator("[data-panel=events] tr[data-i]").first().boundingBox();
        page.mouse().move(row.x + row.width / 2, row.y + row.height / 2);
        page.mouse().down();
        // The trader writes 20 events/s, so the live stream replaces the rows while the button is down.
        waitFor("stratmon.panels.events.updates > " + updates);
        page.mouse().up();
        String detail = page.locator("[data-panel=events] pre.detail").textContent();
        // The row pressed is picked, and stays picked across the redraws.
        assertThat(page.locator("[data-panel=events] tr.sel").count()).isEqualTo(1);
        String table = page.locator("[data-panel=events] tr.sel td.tbl").textContent();
        assertThat(detail).contains("\"timestamp\"", "\"table\": \"" + table + "\"", "\"level\"");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void a_panel_whose_sql_fails_shows_its_error_while_the_others_render() {
        open("view=dashboard&d=broken-panel&range=15m");
        waitFor("stratmon.ready && stratmon.panels.failing.state === 'error' && stratmon.panels.good.points > 0 && stratmon.panels.fills.points > 0");
        assertThat(page.locator("[data-panel=failing] .msg").textContent()).contains("Invalid column: no_such_column");
        assertThat(page.locator("[data-panel=failing] .msg").isVisible()).isTrue();
        assertThat(number(js("() => stratmon.pixels('good')"))).isGreaterThan(20);
        assertThat(page.locator("[data-panel=fills] .tile .value").textContent()).matches("[0-9,]+");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("failing-panel.png")));
    }

    @Test
    void a_bad_dashboard_file_shows_a_clear_error_in_the_page_not_a_blank_page() {
        open("view=dashboard&d=bad");
        Locator problem = page.locator(".problem");
        problem.waitFor();
        assertThat(problem.textContent()).contains("\"bad\" has errors", "bad.toml", "cannot parse");
        assertThat(page.locator("#banner").textContent()).contains("bad.toml");
        assertThat(page.locator("#dashboard option[value=bad]").textContent()).startsWith("⚠");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("bad-dashboard-file.png")));
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void dragging_across_a_chart_zooms_every_panel_to_that_range() {
        open("view=dashboard&d=default&range=15m");
        waitFor("stratmon.ready && stratmon.panels.equity.points > 0");
        BoundingBox box = page.locator("[data-panel=equity] .u-over").boundingBox();
        double y = box.y + box.height / 2;
        page.mouse().move(box.x + box.width * 0.55, y);
        page.mouse().down();
        page.mouse().move(box.x + box.width * 0.75, y, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(8));
        page.mouse().up();
        waitFor("location.hash.includes('from=') && stratmon.ready && stratmon.panels.equity.state === 'ok'");
        Map<String, Object> equity = panel("equity");
        long ms = java.time.Duration.between(java.time.Instant.parse((String) equity.get("from")), java.time.Instant.parse((String) equity.get("to"))).toMillis();
        assertThat(ms).as("zoomed window").isBetween(60_000L, 6 * 60_000L);
        assertThat(page.locator("#live").textContent()).contains("back to live");
        assertThat((String) panel("price").get("to")).isEqualTo(equity.get("to"));
        page.locator("#live").click();
        waitFor("!location.hash.includes('from=') && stratmon.ready && stratmon.ticks > 0");
    }

    @Test
    void explore_view_charts_any_table_column_grouped_by_symbol() {
        open("view=explore&table=fill&column=price&group=symbol&agg=avg&range=15m");
        waitFor("stratmon.ready && stratmon.panels.explore.state === 'ok' && stratmon.panels.explore.points > 0");
        assertThat(panel("explore").get("names")).asList().containsExactlyInAnyOrder("BTC-USD", "ETH-USD", "SOL-USD");
        // Fills are sparse at first (the burst's are all in one bucket): the lines grow as the live trader fills orders.
        waitFor("stratmon.pixels('explore') > 20");
        page.locator(".explore-form select[name=table]").selectOption("heartbeat");
        waitFor("location.hash.includes('table=heartbeat') && stratmon.ready && stratmon.panels.explore.points > 0");
        assertThat(panel("explore").get("names")).asList().containsExactly("loop_ms");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("explore.png")));
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void an_explore_link_to_a_table_created_since_the_server_read_its_list_shows_that_table() {
        open("view=explore&table=fill&column=price&agg=avg&range=15m");
        waitFor("stratmon.ready && stratmon.panels.explore.state === 'ok'"); // the server has its list of tables now
        questdb.query("CREATE TABLE lonely (timestamp TIMESTAMP, v DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO lonely VALUES (dateadd('m', -2, now()), 42.0)");
        questdb.awaitRowCount("lonely", 1);
        open("view=explore&table=lonely&column=v&agg=avg&range=15m");
        waitFor("stratmon.ready && stratmon.panels.explore.state === 'ok' && stratmon.panels.explore.points === 1");
        assertThat(page.locator(".explore-form select[name=table]").inputValue()).isEqualTo("lonely");
        assertThat(number(js("() => stratmon.pixels('explore')"))).isPositive();
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void a_series_with_one_value_in_the_range_is_drawn_as_a_dot_beside_the_lines_of_the_others() {
        questdb.query("CREATE TABLE sparse (timestamp TIMESTAMP, sym SYMBOL, v DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        // One value a second for 14 minutes (too dense for uPlot to draw points), and one lone value.
        questdb.query("INSERT INTO sparse SELECT dateadd('s', -cast(x as int), now()), 'a_dense', 10 + x % 7 FROM long_sequence(840)");
        questdb.query("INSERT INTO sparse VALUES (dateadd('m', -5, now()), 'b_lone', 12.0)");
        questdb.awaitRowCount("sparse", 841);
        open("view=explore&table=sparse&column=v&group=sym&agg=avg&range=15m");
        waitFor("stratmon.ready && stratmon.panels.explore.state === 'ok' && stratmon.panels.explore.names.length === 2");
        assertThat(panel("explore").get("names")).asList().containsExactly("a_dense", "b_lone");
        // The second series' colour (#ffb84f) on the chart's canvas: the lone value's dot.
        Object dot = js("() => { const c = document.querySelector('[data-panel=explore] canvas');"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + " for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 255) <= 12 && Math.abs(d[i + 1] - 184) <= 12"
                + " && Math.abs(d[i + 2] - 79) <= 12 && d[i + 3] > 200) n++; return n; }");
        assertThat(number(dot)).as("pixels of the lone value's dot").isPositive();
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void explore_charts_the_row_count_of_a_table_without_a_numeric_column() {
        questdb.query("CREATE TABLE notes (timestamp TIMESTAMP, kind SYMBOL, text VARCHAR) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO notes SELECT dateadd('s', -cast(x * 20 as int), now()), 'ops', 'restart ' || x FROM long_sequence(30)");
        questdb.awaitRowCount("notes", 30);
        open("view=explore&table=notes&agg=avg&range=15m");
        waitFor("stratmon.ready && stratmon.panels.explore.state === 'ok' && stratmon.panels.explore.points > 0");
        assertThat(page.locator(".explore-form select[name=agg]").inputValue()).isEqualTo("count");
        assertThat(page.locator("[data-panel=explore] h2").textContent()).contains("count() of notes");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void an_explore_link_to_a_table_questdb_does_not_have_says_so_and_shows_another() {
        open("view=explore&table=no_such_table&column=v&range=15m");
        waitFor("stratmon.ready && stratmon.panels.explore.state === 'ok'");
        assertThat(page.locator(".explore-note").textContent()).contains("no table \"no_such_table\"", "showing ");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void a_live_view_the_server_refuses_shows_the_refusal_in_its_panels_not_loading_for_ever() {
        open("view=dashboard&d=default&range=ages"); // a hand-edited link
        waitFor("stratmon.ready && Object.values(stratmon.panels).every(p => p.state === 'error')");
        assertThat(page.locator("[data-panel=equity] .msg").textContent()).contains("ages");
        assertThat(page.locator("#status").textContent()).contains("not a duration [value=ages]");
    }

    @Test
    void the_sql_box_runs_reads_and_refuses_writes() {
        open("view=sql");
        page.locator(".sql-form textarea").fill("SELECT symbol, count() FROM price ORDER BY symbol");
        page.locator(".sql-form button").click();
        page.locator(".sql-out table").waitFor();
        assertThat(page.locator(".sql-out").textContent()).contains("BTC-USD", "ETH-USD");
        page.locator(".sql-form textarea").fill("select 1; drop table price");
        page.locator(".sql-form button").click();
        page.locator(".sql-out .error").waitFor();
        assertThat(page.locator(".sql-out .error").textContent()).startsWith("Refused: refused: more than one statement");
        assertThat(questdb.count("price")).isPositive();
    }

    @Test
    void the_layout_fits_1280_wide_and_does_not_move_when_data_updates() {
        open("view=dashboard&d=default&range=15m");
        waitFor("stratmon.ready && Object.values(stratmon.panels).every(p => p.state !== 'loading')");
        String boxes = (String) js("() => JSON.stringify([...document.querySelectorAll('[data-panel]')].map(e => { const r = e.getBoundingClientRect(); return [e.dataset.panel, r.x, r.y, r.width, r.height]; }))");
        double ticks = number(js("() => stratmon.ticks"));
        waitFor("stratmon.ticks >= " + (ticks + 3) + " && stratmon.panels.price.updates > 2");
        String after = (String) js("() => JSON.stringify([...document.querySelectorAll('[data-panel]')].map(e => { const r = e.getBoundingClientRect(); return [e.dataset.panel, r.x, r.y, r.width, r.height]; }))");
        assertThat(after).isEqualTo(boxes);
        assertThat(number(js("() => document.documentElement.scrollWidth"))).isLessThanOrEqualTo(1280);
    }
}
