package io.stratmon.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.javalin.Javalin;
import io.stratmon.alerts.Alert;
import io.stratmon.alerts.AlertStatus;
import io.stratmon.alerts.AlertsConfig;
import io.stratmon.dashboard.DashboardConfig;
import io.stratmon.dashboard.DashboardServer;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The page over the real alert engine, wired as {@code up} and {@code demo} wire it ({@link Alerting#source()}): a
 * rule fires on data the test writes, the badge and the Alerts view show it and a chart shows its band from
 * {@code stratmon_alerts}; fresh data resolves it, and the page follows without a reload. ({@link AlertsBrowserIT}
 * checks the page's details on a fixed snapshot.)
 */
class AlertsRealEngineBrowserIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    @Test
    void a_rule_firing_on_written_data_shows_in_the_badge_the_alerts_view_and_a_band_then_resolves() throws Exception {
        questdb.query("CREATE TABLE price (timestamp TIMESTAMP, symbol SYMBOL, last DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        // BTC-USD is fresh; SOL-USD stopped 60 s ago.
        questdb.query("INSERT INTO price SELECT dateadd('s', -cast(x as int), now()), 'BTC-USD', 100 + sin(x / 40.0) FROM long_sequence(600)");
        questdb.query("INSERT INTO price SELECT dateadd('s', -cast(60 + x as int), now()), 'SOL-USD', 150 + sin(x / 40.0) FROM long_sequence(600)");
        questdb.awaitRowCount("price", 1200);
        Files.writeString(dir.resolve("rules.yml"), """
                groups:
                  - name: it
                    interval: 1s
                    rules:
                      - alert: StalePriceFeed
                        expr: |
                          SELECT * FROM (SELECT symbol, datediff('s', timestamp, now()) AS value FROM price
                                         LATEST ON timestamp PARTITION BY symbol) WHERE value > 15
                        for: 2s
                        labels: {severity: page}
                        annotations:
                          summary: "{{ $labels.symbol }}: no price for {{ $value }} s"
                """);
        Path dashboards = Files.createDirectories(dir.resolve("dashboards"));
        Files.writeString(dashboards.resolve("alerting.toml"), """
                title = "Alerting"
                [[panels]]
                id = "sol"
                title = "SOL-USD last"
                kind = "timeseries"
                width = 8
                sql = "SELECT timestamp AS time, last(last) AS last FROM price WHERE symbol = 'SOL-USD' AND $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                """);
        List<String> consoleErrors = new ArrayList<>();
        try (Alerting alerting = Alerting.start(AlertsConfig.defaults().withRules(List.of("rules.yml")), dir, questdb.sql());
             Playwright playwright = DashboardBrowserIT.playwright();
             Browser browser = DashboardBrowserIT.launch(playwright)) {
            Javalin dashboard = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0).withDashboardsDir(dashboards),
                    alerting.source()).start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> alerting.engine().snapshot().alerts().stream()
                        .anyMatch(a -> a.name().equals("StalePriceFeed") && a.state() == AlertStatus.FIRING));
                assertThat(alerting.engine().snapshot().alerts()).filteredOn(a -> a.state() == AlertStatus.FIRING)
                        .extracting(Alert::labels).singleElement().satisfies(l -> assertThat(l).containsEntry("symbol", "SOL-USD"));

                BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
                Page page = context.newPage();
                page.onConsoleMessage(m -> {
                    if (m.type().equals("error")) consoleErrors.add(m.text());
                });
                page.onPageError(e -> consoleErrors.add("page error: " + e));
                String base = "http://127.0.0.1:" + dashboard.port();
                page.navigate(base + "/#view=dashboard&d=alerting&range=15m");
                waitFor(page, "stratmon.ready && stratmon.panels.sol.state === 'ok' && StratmonAlerts.state.firing === 1 "
                        + "&& !document.getElementById('alerts-badge').hidden");
                assertThat(page.locator("#alerts-badge").textContent().trim()).isEqualTo("1 firing");
                assertThat(page.locator("#alerts-badge").getAttribute("title")).contains("StalePriceFeed (page)");
                // The band comes from the engine's stratmon_alerts rows: one period, still open.
                waitFor(page, "StratmonAlerts.state.bands === 1 && StratmonAlerts.bands[0].to == null "
                        + "&& +document.querySelector('[data-panel=sol] .uplot').dataset.alertBands === 1");
                Files.createDirectories(DashboardBrowserIT.SCREENSHOTS);
                page.screenshot(new Page.ScreenshotOptions().setPath(DashboardBrowserIT.SCREENSHOTS.resolve("alerts-real-engine-firing.png")));

                page.locator("#alerts-badge").click();
                waitFor(page, "location.hash.includes('view=alerts') && StratmonAlerts.state.active === 1");
                String active = page.locator(".alerts-active").textContent();
                assertThat(active).contains("firing", "StalePriceFeed", "page", "symbol=SOL-USD", "SOL-USD: no price for");
                assertThat(page.locator(".alerts-rules").textContent()).contains("StalePriceFeed", "ok");
                // The history is fetched on its own after the view opens: wait until its rows replaced "loading…".
                waitFor(page, "[...document.querySelectorAll('.alerts-history tbody tr')].some(r => r.textContent.includes('StalePriceFeed'))");
                assertThat(page.locator(".alerts-history tbody tr").allTextContents())
                        .anySatisfy(r -> assertThat(r).contains("firing", "StalePriceFeed", "symbol=SOL-USD"));

                // SOL-USD's feed comes back: the engine resolves the alert and the page follows without a reload.
                questdb.query("INSERT INTO price VALUES (now(), 'SOL-USD', 151.0)");
                await().atMost(Duration.ofSeconds(20)).until(() -> alerting.engine().snapshot().alerts().stream()
                        .noneMatch(a -> a.state() == AlertStatus.FIRING));
                waitFor(page, "StratmonAlerts.state.firing === 0 && StratmonAlerts.state.active === 0");
                page.navigate(base + "/#view=dashboard&d=alerting&range=15m");
                waitFor(page, "StratmonAlerts.state.bands === 1 && StratmonAlerts.bands[0].to != null");
                page.screenshot(new Page.ScreenshotOptions().setPath(DashboardBrowserIT.SCREENSHOTS.resolve("alerts-real-engine-resolved.png")));
                context.close();
            } finally {
                dashboard.stop();
            }
        }
        assertThat(consoleErrors).isEmpty();
    }

    private static void waitFor(Page page, String condition) {
        page.waitForFunction("() => { try { return " + condition + "; } catch (e) { return false; } }", null,
                new Page.WaitForFunctionOptions().setTimeout(30_000));
    }
}
