package io.stratmon.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.javalin.Javalin;
import io.stratmon.dashboard.DashboardConfig;
import io.stratmon.dashboard.DashboardServer;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dashboard variables in real Chromium: the header's host selector is filled from the data, choosing a host narrows
 * the chart to that host's series and goes into the URL, a Grafana-style {@code ?var-host=b} link opens filtered, and
 * Explore splits a table by its symbol column by default.
 */
class VariablesBrowserIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    static Path dir;
    static Javalin dashboard;
    static String base;
    static Playwright playwright;
    static Browser browser;
    BrowserContext context;
    Page page;
    final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        playwright = DashboardBrowserIT.playwright();
        browser = DashboardBrowserIT.launch(playwright);
        // Every second of the last 10 minutes, host a quotes BTC and SOL at 100, host b at 200.
        questdb.query("CREATE TABLE price (timestamp TIMESTAMP, host SYMBOL, symbol SYMBOL, last DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO price SELECT dateadd('s', -cast((x - 1) / 4 + 1 as int), now()), CASE WHEN x % 2 = 0 THEN 'host-a' ELSE 'host-b' END, "
                + "CASE WHEN x % 4 < 2 THEN 'BTC' ELSE 'SOL' END, CASE WHEN x % 2 = 0 THEN 100.0 ELSE 200.0 END FROM long_sequence(2400)");
        questdb.query("CREATE TABLE pnl (timestamp TIMESTAMP, equity DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO pnl SELECT dateadd('s', -cast(x as int), now()), 5000.0 FROM long_sequence(600)");
        questdb.awaitRowCount("price", 2400);
        questdb.awaitRowCount("pnl", 600);
        Path dashboards = Files.createDirectories(dir.resolve("dashboards"));
        Files.writeString(dashboards.resolve("hosts.toml"), """
                title = "Hosts"
                [[variables]]
                name = "host"
                label = "Host"
                [[panels]]
                id = "price"
                title = "Price"
                kind = "timeseries"
                group_by = "symbol"
                width = 12
                sql = "SELECT timestamp AS time, symbol, max(last) AS last FROM price WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                [[panels]]
                id = "equity"
                title = "Equity"
                kind = "stat"
                sql = "SELECT last(equity) AS equity FROM pnl WHERE $__timeFilter(timestamp)"
                """);
        dashboard = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0).withDashboardsDir(dashboards)).start();
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
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        page = context.newPage();
        page.onConsoleMessage(m -> { if (m.type().equals("error")) consoleErrors.add(m.text()); });
        page.onPageError(e -> consoleErrors.add("page error: " + e));
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    void waitFor(String condition) {
        page.waitForFunction("() => { try { return " + condition + "; } catch (e) { return false; } }", null,
                new Page.WaitForFunctionOptions().setTimeout(30_000));
    }

    @SuppressWarnings("unchecked")
    List<Number> lastValues(String panel) {
        return (List<Number>) page.evaluate("() => stratmon.panels['" + panel + "'].last");
    }

    @Test
    void the_host_selector_narrows_the_chart_to_that_hosts_series_and_goes_into_the_url() {
        page.navigate(base + "/#view=dashboard&d=hosts&range=1h");
        waitFor("stratmon.ready && stratmon.panels.price.state === 'ok' && document.querySelector('select[data-variable=host]').dataset.loaded");
        assertThat(page.locator("select[data-variable=host] option").allTextContents()).containsExactly("Host: All", "Host: host-a", "Host: host-b");
        assertThat(lastValues("price")).extracting(Number::doubleValue).containsExactly(200.0, 200.0);  // max of both hosts

        page.selectOption("select[data-variable=host]", "host-a");
        waitFor("location.hash.includes('var-host=host-a') && stratmon.ready && stratmon.panels.price.state === 'ok'");
        assertThat(lastValues("price")).extracting(Number::doubleValue).containsExactly(100.0, 100.0);
        assertThat(page.evaluate("() => stratmon.panels.price.names")).asList().containsExactly("BTC", "SOL");
        // The equity tile reads a table without a host column: the choice leaves it alone.
        assertThat(page.locator("[data-panel=equity] .tile .value").textContent()).contains("5,000");
        page.screenshot(new Page.ScreenshotOptions().setPath(DashboardBrowserIT.SCREENSHOTS.resolve("variables-host-a.png")));

        page.selectOption("select[data-variable=host]", "");
        waitFor("!location.hash.includes('var-host') && stratmon.ready && stratmon.panels.price.state === 'ok'");
        assertThat(lastValues("price")).extracting(Number::doubleValue).containsExactly(200.0, 200.0);
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void a_grafana_style_link_opens_the_dashboard_filtered() {
        page.navigate(base + "/?var-host=host-b#view=dashboard&d=hosts&range=1h&live=off");
        waitFor("stratmon.ready && stratmon.panels.price.state === 'ok' && document.querySelector('select[data-variable=host]').dataset.loaded");
        assertThat(page.locator("select[data-variable=host]").inputValue()).isEqualTo("host-b");
        assertThat(page.evaluate("() => location.hash")).asString().contains("var-host=host-b");
        // Fetched once (paused), not over the live stream: both ways carry the choice.
        page.waitForFunction("() => stratmon.panels.price.points > 0");
        assertThat(lastValues("price")).extracting(Number::doubleValue).containsExactly(200.0, 200.0);
        page.selectOption("select[data-variable=host]", "host-a");
        waitFor("location.hash.includes('var-host=host-a') && stratmon.ready && stratmon.panels.price.state === 'ok'");
        assertThat(lastValues("price")).extracting(Number::doubleValue).containsExactly(100.0, 100.0);
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void explore_splits_a_table_by_its_symbol_column_by_default() {
        page.navigate(base + "/#view=explore&table=price&column=last&range=1h");
        waitFor("stratmon.ready && stratmon.panels.explore.state === 'ok'");
        assertThat(page.evaluate("() => stratmon.panels.explore.names")).asList().containsExactly("BTC", "SOL");
        assertThat(page.locator("select[name=group]").inputValue()).isEqualTo("symbol");
        page.selectOption("select[name=group]", "");
        waitFor("location.hash.includes('group=&') || location.hash.endsWith('group=')");
        waitFor("stratmon.ready && stratmon.panels.explore.state === 'ok' && stratmon.panels.explore.names.length === 1");
        assertThat(consoleErrors).isEmpty();
    }
}
