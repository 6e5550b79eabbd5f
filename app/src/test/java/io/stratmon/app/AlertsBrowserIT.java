package io.stratmon.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.javalin.Javalin;
import io.stratmon.dashboard.DashboardConfig;
import io.stratmon.dashboard.DashboardServer;
import io.stratmon.dashboard.alerts.AlertStatusSource;
import io.stratmon.dashboard.alerts.AlertStatusSource.ActiveAlert;
import io.stratmon.dashboard.alerts.AlertStatusSource.RuleHealth;
import io.stratmon.dashboard.alerts.AlertStatusSource.Snapshot;
import io.stratmon.dashboard.alerts.AlertStatusSource.State;
import io.stratmon.testkit.QuestDbExtension;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts on the page in a real headless Chromium: the header badge, the Alerts view and the firing bands on a
 * chart, over an embedded QuestDB holding {@code stratmon_alerts} rows and an {@link AlertStatusSource} that says
 * StalePriceFeed is firing. (The alert engine is another module; app wires it to the same interface.)
 * Screenshots go to {@code target/screenshots/}.
 */
class AlertsBrowserIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    static Path dir;
    static final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    static Javalin dashboard;
    static String base;
    static Playwright playwright;
    static Browser browser;
    static Instant firingSince;

    BrowserContext context;
    Page page;
    final List<String> consoleErrors = new ArrayList<>();

    static ActiveAlert stale(String symbol, String fingerprint) {
        return new ActiveAlert("StalePriceFeed", fingerprint, State.FIRING, "page",
                Map.of("alertname", "StalePriceFeed", "severity", "page", "symbol", symbol),
                Map.of("summary", symbol + ": no price for 21 s"), 21, firingSince.minusSeconds(5), firingSince);
    }

    static Snapshot oneFiring() {
        return new Snapshot(true, List.of(stale("SOL-USD", "fp-sol"),
                new ActiveAlert("ErrorBurst", "fp-err", State.PENDING, "warning", Map.of("alertname", "ErrorBurst", "severity", "warning"),
                        Map.of("summary", "14 errors in the last minute"), 14, Instant.now().minusSeconds(3), null)),
                List.of(new RuleHealth("strategy", "HeartbeatMissing", "ok", "", Instant.now().minusSeconds(2), Duration.ofMillis(3), 0),
                        new RuleHealth("strategy", "StalePriceFeed", "ok", "", Instant.now().minusSeconds(2), Duration.ofMillis(5), 0),
                        new RuleHealth("strategy", "ErrorBurst", "ok", "", Instant.now().minusSeconds(2), Duration.ofMillis(2), 0),
                        new RuleHealth("shipper", "ShipperLag", "error", "table does not exist [table=stratmon_shipper]",
                                Instant.now().minusSeconds(2), Duration.ofMillis(1), 12)));
    }

    static String row(long secondsAgo, String name, String fingerprint, String state, String severity, String symbol) {
        return "(dateadd('s', -" + secondsAgo + ", now()), '" + name + "', '" + fingerprint + "', '" + state + "', '" + severity
                + "', '{\"alertname\":\"" + name + "\",\"severity\":\"" + severity + "\"" + (symbol == null ? "" : ",\"symbol\":\"" + symbol + "\"")
                + "}', '{}', 21.0, '" + name + (symbol == null ? "" : " " + symbol) + " " + state + "', dateadd('s', -" + (secondsAgo + 5) + ", now()))";
    }

    @BeforeAll
    static void start() throws Exception {
        playwright = DashboardBrowserIT.playwright();
        browser = DashboardBrowserIT.launch(playwright);
        questdb.query("CREATE TABLE price (timestamp TIMESTAMP, level SYMBOL, symbol SYMBOL, bid DOUBLE, ask DOUBLE, last DOUBLE) "
                + "TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO price SELECT dateadd('s', -cast(x as int), now()), 'INFO', 'SOL-USD', 150 + sin(x / 40.0), "
                + "150.02 + sin(x / 40.0), 150.01 + sin(x / 40.0) FROM long_sequence(900)");
        questdb.query("CREATE TABLE stratmon_alerts (timestamp TIMESTAMP, alertname SYMBOL, fingerprint SYMBOL, state SYMBOL, severity SYMBOL, "
                + "labels VARCHAR, annotations VARCHAR, value DOUBLE, summary VARCHAR, active_at TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        List<String> rows = List.of(
                row(725, "HeartbeatMissing", "fp-hb", "pending", "page", null),
                row(720, "HeartbeatMissing", "fp-hb", "firing", "page", null),      // 12 to 9 minutes ago: a closed band
                row(540, "HeartbeatMissing", "fp-hb", "resolved", "page", null),
                row(305, "StalePriceFeed", "fp-sol", "pending", "page", "SOL-USD"),
                row(300, "StalePriceFeed", "fp-sol", "firing", "page", "SOL-USD")); // 5 minutes ago, still firing: an open band
        questdb.query("INSERT INTO stratmon_alerts VALUES " + String.join(", ", rows));
        questdb.awaitRowCount("stratmon_alerts", rows.size());
        questdb.awaitRowCount("price", 900);
        firingSince = Instant.now().minusSeconds(300);
        snapshot.set(oneFiring());

        Path dashboards = Files.createDirectories(dir.resolve("dashboards"));
        Files.writeString(dashboards.resolve("alerting.toml"), """
                title = "Alerting"
                [[panels]]
                id = "sol"
                title = "SOL-USD last"
                kind = "timeseries"
                width = 8
                sql = "SELECT timestamp AS time, last(last) AS last FROM price WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [[panels]]
                id = "quotes"
                title = "Quotes"
                kind = "stat"
                width = 4
                sql = "SELECT count() AS quotes FROM price WHERE $__timeFilter(timestamp)"
                """);
        dashboard = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0).withDashboardsDir(dashboards), snapshot::get).start();
        base = "http://127.0.0.1:" + dashboard.port();
        Files.createDirectories(DashboardBrowserIT.SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (dashboard != null) dashboard.stop();
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    @BeforeEach
    void openPage() {
        firingSince = Instant.now().minusSeconds(300);
        snapshot.set(oneFiring());
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        page = context.newPage();
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) consoleErrors.add(m.text());
        });
        page.onPageError(e -> consoleErrors.add("page error: " + e));
    }

    @AfterEach
    void closePage(TestInfo info) {
        page.screenshot(new Page.ScreenshotOptions().setPath(DashboardBrowserIT.SCREENSHOTS.resolve("alerts-" + info.getTestMethod().orElseThrow().getName() + "-last.png")));
        context.close();
    }

    void waitFor(String condition) {
        page.waitForFunction("() => { try { return " + condition + "; } catch (e) { return false; } }", null,
                new Page.WaitForFunctionOptions().setTimeout(30_000));
    }

    Object js(String expression) {
        return page.evaluate(expression);
    }

    /** Header boxes: nothing in the header may move when the number of firing alerts changes. */
    String headerBoxes() {
        return (String) js("() => JSON.stringify([...document.querySelectorAll('header.top > *, nav a')].map(e => { const r = e.getBoundingClientRect(); "
                + "return [e.id || e.tagName, Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)]; }))");
    }

    @Test
    void the_badge_shows_the_firing_alert_in_red_and_opens_the_alerts_view() {
        page.navigate(base + "/#view=dashboard&d=alerting&range=15m");
        waitFor("StratmonAlerts.state.snapshots > 0 && !document.getElementById('alerts-badge').hidden");
        assertThat(page.locator("#alerts-badge").textContent().trim()).isEqualTo("1 firing");
        assertThat(page.locator("#alerts-badge").getAttribute("class")).contains("level-critical");
        assertThat(page.locator("#alerts-badge").getAttribute("title")).contains("StalePriceFeed (page)");
        assertThat((String) js("() => getComputedStyle(document.getElementById('alerts-badge')).backgroundColor")).isEqualTo("rgb(92, 29, 27)");

        page.locator("#alerts-badge").click();
        waitFor("location.hash.includes('view=alerts') && StratmonAlerts.state.active === 2 && StratmonAlerts.state.history === 5");
        String active = page.locator(".alerts-active").textContent();
        assertThat(active).contains("firing", "StalePriceFeed", "page", "symbol=SOL-USD", "21", "SOL-USD: no price for 21 s", "1 firing · 1 pending");
        assertThat(active).contains("pending", "ErrorBurst", "warning");
        String since = page.locator(".alerts-active tr.state-firing td.since").textContent();
        assertThat(since).as("firing for 5 minutes").matches("[56]m \\d+s");
        assertThat(page.locator(".alerts-active tr.state-firing").getAttribute("class")).contains("level-critical");
        String rules = page.locator(".alerts-rules").textContent();
        assertThat(rules).contains("HeartbeatMissing", "ShipperLag", "error", "table does not exist", "4 rules · 1 failing");
        List<String> history = page.locator(".alerts-history tbody tr").allTextContents();
        assertThat(history).hasSize(5);
        assertThat(history.get(0)).contains("firing", "StalePriceFeed", "symbol=SOL-USD");
        assertThat(history.get(4)).contains("pending", "HeartbeatMissing");
        assertThat(page.locator("text=create").count() + page.locator("button:has-text('delete')").count()).as("no write controls").isZero();
        assertThat(((Number) js("() => document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(1280);
        assertThat(((Number) js("() => document.documentElement.scrollHeight")).intValue()).as("fits 800 px high").isLessThanOrEqualTo(800);
        page.screenshot(new Page.ScreenshotOptions().setPath(DashboardBrowserIT.SCREENSHOTS.resolve("alerts-view-1280x800.png")));
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void a_chart_shades_the_firing_periods_an_open_one_up_to_now() {
        // One hour: both periods (12 to 9 minutes ago, and 5 minutes ago until now) are in it, however slow the machine.
        page.navigate(base + "/#view=dashboard&d=alerting&range=1h");
        waitFor("stratmon.ready && stratmon.panels.sol.state === 'ok' && stratmon.panels.sol.points > 0 && StratmonAlerts.state.bands === 2");
        waitFor("+document.querySelector('[data-panel=sol] .uplot').dataset.alertBands === 2");
        // Each band is a translucent fill with a solid red line along the plot's top edge, drawn over the grid and above the
        // series' range: the red pixels of that top row are the bands. Where they should be comes from the periods' times
        // on the live window [now - 1h, now]; the plot area is uPlot's .u-over.
        @SuppressWarnings("unchecked")
        Map<String, Object> tint = (Map<String, Object>) js("""
                () => {
                  const c = document.querySelector('[data-panel=sol] .uplot canvas');
                  const over = document.querySelector('[data-panel=sol] .u-over').getBoundingClientRect(), box = c.getBoundingClientRect();
                  const y = Math.round(over.top - box.top) + 1;
                  const img = c.getContext('2d').getImageData(0, y, c.width, 1).data;
                  const tinted = [];
                  for (let x = 0; x < c.width; x++) if (img[x * 4] > 150 && img[x * 4 + 1] < 120) tinted.push(x);
                  // The fill: the median redness (red minus green) down one column, inside the closed band and 20 px left of it.
                  const all = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  const redness = col => { const v = []; for (let yy = Math.round(over.top - box.top) + 6; yy < over.bottom - box.top - 2; yy++) {
                    const i = (yy * c.width + col) * 4; v.push(all[i] - all[i + 1]); } v.sort((p, q) => p - q); return v[v.length >> 1]; };
                  let runs = 0; for (let i = 0; i < tinted.length; i++) if (i === 0 || tinted[i] !== tinted[i - 1] + 1) runs++;
                  const left = over.left - box.left, right = over.right - box.left, max = Date.now(), min = max - 3600e3;
                  const x = t => left + (right - left) * (t - min) / (max - min);
                  const b = StratmonAlerts.bands;
                  const expected = x(b[0].to) - x(b[0].from) + (right - x(b[1].from));
                  return { left, right, count: tinted.length, first: tinted[0] ?? -1, last: tinted[tinted.length - 1] ?? -1, runs,
                    expectedFirst: x(b[0].from), expectedCount: expected, openTo: b[1].to,
                    inside: redness(Math.round((x(b[0].from) + x(b[0].to)) / 2)), outside: redness(Math.round(x(b[0].from)) - 20) };
                }""");
        double right = ((Number) tint.get("right")).doubleValue();
        assertThat(((Number) tint.get("runs")).intValue()).as("two separate bands %s", tint).isEqualTo(2);
        assertThat(tint.get("openTo")).as("the second period is still firing").isNull();
        assertThat(((Number) tint.get("first")).doubleValue()).as("the closed band starts where its period does %s", tint)
                .isCloseTo(((Number) tint.get("expectedFirst")).doubleValue(), org.assertj.core.data.Offset.offset(4.0));
        assertThat(((Number) tint.get("last")).doubleValue()).as("the open band reaches the right edge %s", tint).isGreaterThan(right - 4);
        assertThat(((Number) tint.get("count")).doubleValue()).as("shaded columns %s", tint)
                .isCloseTo(((Number) tint.get("expectedCount")).doubleValue(), org.assertj.core.data.Offset.offset(8.0));
        assertThat(((Number) tint.get("inside")).doubleValue()).as("the band is filled %s", tint)
                .isGreaterThan(((Number) tint.get("outside")).doubleValue() + 10);
        page.screenshot(new Page.ScreenshotOptions().setPath(DashboardBrowserIT.SCREENSHOTS.resolve("alerts-bands-1280x800.png")));
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void the_badge_follows_the_alerts_live_without_a_reload_or_a_layout_jump() {
        page.navigate(base + "/#view=dashboard&d=alerting&range=15m");
        waitFor("stratmon.ready && StratmonAlerts.state.firing === 1 && !document.getElementById('alerts-badge').hidden");
        String before = headerBoxes();
        Object navigations = js("() => performance.getEntriesByType('navigation').length");

        snapshot.set(new Snapshot(true, List.of(stale("SOL-USD", "fp-sol"), stale("BTC-USD", "fp-btc"), stale("ETH-USD", "fp-eth")), oneFiring().rules()));
        waitFor("document.querySelector('#alerts-badge .count').textContent === '3'");
        assertThat(headerBoxes()).isEqualTo(before);

        snapshot.set(new Snapshot(true, List.of(), oneFiring().rules()));
        waitFor("document.querySelector('#alerts-badge .count').textContent === '0'");
        assertThat(page.locator("#alerts-badge").getAttribute("class")).contains("level-idle");
        assertThat(headerBoxes()).isEqualTo(before);

        snapshot.set(AlertStatusSource.NONE.snapshot());
        waitFor("document.getElementById('alerts-badge').hidden");
        assertThat((String) js("() => getComputedStyle(document.getElementById('alerts-badge')).visibility")).isEqualTo("hidden");
        assertThat(headerBoxes()).as("a hidden badge keeps its place").isEqualTo(before);
        assertThat(js("() => performance.getEntriesByType('navigation').length")).isEqualTo(navigations);
        assertThat(consoleErrors).isEmpty();
    }
}
