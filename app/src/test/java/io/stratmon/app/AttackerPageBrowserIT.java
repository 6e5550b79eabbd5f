package io.stratmon.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.sun.net.httpserver.HttpServer;
import io.javalin.Javalin;
import io.stratmon.dashboard.DashboardConfig;
import io.stratmon.dashboard.DashboardServer;
import io.stratmon.dashboard.access.AccessConfig;
import io.stratmon.dashboard.alerts.AlertStatusSource;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a web page the user opens can do to stratmon, tried in real Chromium: a page served from another local origin
 * (and from {@code evil.test}, which Chromium resolves to 127.0.0.1 as a DNS-rebinding attacker arranges) fires
 * {@code <img>} GETs at QuestDB's {@code /exec}, no-cors {@code fetch} POSTs of ILP at {@code /write} and at the ILP/TCP
 * port, a form post at the dashboard's SQL box, and navigations with a foreign Host. Against a QuestDB without
 * credentials (the control) the same page creates its tables, so the test can fail; against stratmon's it creates none.
 */
class AttackerPageBrowserIT {
    static final List<String> ATTACKS = List.of("img", "fetch", "ilp");

    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();
    @RegisterExtension
    static QuestDbExtension unguarded = QuestDbExtension.withoutCredentials();

    static HttpServer attacker;
    static Javalin dashboard;
    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        playwright = DashboardBrowserIT.playwright();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(DashboardBrowserIT.CHROMIUM).setArgs(
                Stream.concat(SharedChromium.ARGS.stream(), Stream.of("--host-resolver-rules=MAP evil.test 127.0.0.1")).toList()));
        dashboard = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0)).start();
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/attack", ex -> {
            byte[] page = ATTACK_PAGE.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        attacker.createContext("/form", ex -> {
            byte[] page = FORM_PAGE.replace("DASHBOARD", "127.0.0.1:" + dashboard.port()).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        attacker.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (attacker != null) attacker.stop(0);
        if (dashboard != null) dashboard.stop();
    }

    @Test
    void a_page_on_another_origin_cannot_create_a_table_in_stratmons_questdb_though_it_can_in_an_unguarded_one() {
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            for (String host : List.of("127.0.0.1", "evil.test")) {
                String tag = host.equals("evil.test") ? "rebind" : "local";
                for (QuestDbExtension target : List.of(unguarded, questdb)) {
                    String url = "http://" + host + ":" + attacker.getAddress().getPort() + "/attack?host=" + host
                            + "&qdb=" + target.db().httpPort() + "&ilp=" + target.db().ilpTcpPort() + "&tag=" + tag;
                    page.navigate(url);
                    page.waitForFunction("document.title === 'done'", null, new Page.WaitForFunctionOptions().setTimeout(30_000));
                }
                // A rebinding page reading QuestDB as its own origin: a top-level load of /exec with Host evil.test.
                for (QuestDbExtension target : List.of(unguarded, questdb)) {
                    page.navigate("http://evil.test:" + target.db().httpPort() + "/exec?query=CREATE%20TABLE%20pwned_nav_" + tag + "%20(x%20INT)");
                }
            }
        }
        // The control: every attack works on a QuestDB without credentials.
        for (String tag : List.of("local", "rebind")) {
            for (String attack : List.of("img", "fetch", "ilp", "nav")) {
                String table = "pwned_" + attack + "_" + tag;
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                        assertThat(unguarded.query("SELECT count() n FROM tables() WHERE table_name = '" + table + "'").toTsv())
                                .as("control: %s on an unguarded QuestDB", table).isEqualTo("n\n1\n"));
            }
        }
        // stratmon's QuestDB: the same requests, fired at the same time and all answered, created nothing.
        assertThat(questdb.query("SELECT table_name FROM tables() WHERE table_name LIKE 'pwned%'").toTsv()).isEqualTo("table_name\n");
        // ILP/TCP has no login: an HTTP request on it is not ILP, and QuestDB drops the connection (neither creates a table).
        assertThat(unguarded.query("SELECT table_name FROM tables() WHERE table_name LIKE 'pwned_tcp%'").toTsv()).isEqualTo("table_name\n");
    }

    @Test
    void a_form_post_from_another_origin_to_the_sql_box_is_refused_while_the_dashboards_own_page_may_post() {
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate("http://127.0.0.1:" + attacker.getAddress().getPort() + "/form");
            page.waitForURL("**/api/sql", new Page.WaitForURLOptions().setTimeout(30_000));
            assertThat(page.content()).contains("cross-origin request refused");

            // Control: the same endpoint answers the dashboard's own page.
            page.navigate("http://127.0.0.1:" + dashboard.port() + "/");
            Object status = page.evaluate("fetch('/api/sql', {method: 'POST', headers: {'Content-Type': 'application/json'}, "
                    + "body: JSON.stringify({sql: 'SELECT 1 AS one'})}).then(r => r.status)");
            assertThat(status).isEqualTo(200);
        }
    }

    @Test
    void a_rebinding_page_gets_403_from_the_dashboard_on_every_route() {
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            for (String path : List.of("/", "/api/dashboards", "/api/alerts")) {
                var response = page.navigate("http://evil.test:" + dashboard.port() + path);
                assertThat(response.status()).as(path).isEqualTo(403);
                assertThat(page.content()).as(path).contains("Host not allowed");
            }
            assertThat(page.navigate("http://localhost:" + dashboard.port() + "/api/dashboards").status()).isEqualTo(200);
        }
    }

    @Test
    void a_user_logged_in_to_the_web_console_gives_an_attacker_page_nothing_to_ride_on() {
        try (BrowserContext context = browser.newContext()) {
            Page console = context.newPage();
            console.navigate(questdb.db().consoleUrl());
            console.waitForSelector("text=Sign in to QuestDB", new Page.WaitForSelectorOptions().setTimeout(30_000));
            console.fill("input[name=username]", questdb.username());
            console.fill("input[name=password]", "quest");
            console.click("button:has-text('Sign In')");
            console.waitForSelector("text=Invalid username or password", new Page.WaitForSelectorOptions().setTimeout(30_000));
            console.fill("input[name=password]", questdb.password());
            console.click("button:has-text('Sign In')");
            console.waitForSelector("text=Tables (", new Page.WaitForSelectorOptions().setTimeout(30_000));
            // The console keeps the login in its own origin's storage and sends it itself; the browser holds no
            // cookie or cached Basic login that a request from another page would carry.
            assertThat(console.evaluate("document.cookie")).isEqualTo("");

            Page page = context.newPage();
            page.navigate("http://127.0.0.1:" + attacker.getAddress().getPort() + "/attack?host=127.0.0.1&qdb=" + questdb.db().httpPort()
                    + "&ilp=" + questdb.db().ilpTcpPort() + "&tag=console");
            page.waitForFunction("document.title === 'done'", null, new Page.WaitForFunctionOptions().setTimeout(30_000));
            page.navigate("http://127.0.0.1:" + questdb.db().httpPort() + "/exec?query=CREATE%20TABLE%20pwned_nav_console%20(x%20INT)");
        }
        assertThat(questdb.query("SELECT table_name FROM tables() WHERE table_name LIKE 'pwned%console'").toTsv()).isEqualTo("table_name\n");
    }

    @Test
    void the_login_link_opens_a_token_protected_dashboard_with_a_cookie_scripts_cannot_read() {
        String token = "browser-token-0123456789abcdef";
        Javalin locked = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0), AlertStatusSource.NONE,
                AccessConfig.loopbackOnly().withToken(token)).start();
        try (BrowserContext context = browser.newContext(); BrowserContext stranger = browser.newContext()) {
            String base = "http://127.0.0.1:" + locked.port();
            assertThat(stranger.newPage().navigate(base + "/").status()).isEqualTo(401);

            Page page = context.newPage();
            page.navigate(base + "/login?token=" + token);
            page.waitForURL(base + "/", new Page.WaitForURLOptions().setTimeout(30_000));
            assertThat(page.evaluate("fetch('/api/dashboards').then(r => r.status)")).isEqualTo(200);
            assertThat(page.evaluate("document.cookie")).as("HttpOnly").isEqualTo("");
            assertThat(page.url()).doesNotContain(token);
            // The cookie is SameSite=Strict: the attacker's page cannot ride on it, and the Host guard still applies.
            assertThat(page.navigate("http://evil.test:" + locked.port() + "/").status()).isEqualTo(403);
        } finally {
            locked.stop();
        }
    }

    /** Fires every attack at ?host=&qdb=&ilp=, then sets the title to "done" once each has been answered (or failed). */
    static final String ATTACK_PAGE = """
            <!doctype html><title>attacking</title><body><script>
            const p = new URLSearchParams(location.search);
            const base = 'http://' + p.get('host') + ':' + p.get('qdb');
            const tag = p.get('tag');
            const sql = q => base + '/exec?query=' + encodeURIComponent(q);
            const img = url => new Promise(done => { const i = new Image(); i.onload = i.onerror = done; i.src = url; document.body.appendChild(i); });
            const quiet = pr => pr.catch(() => {});
            Promise.all([
              img(sql('CREATE TABLE pwned_img_' + tag + ' (x INT)')),
              quiet(fetch(sql('CREATE TABLE pwned_fetch_' + tag + ' (x INT)'), {mode: 'no-cors'})),
              quiet(fetch(base + '/write', {method: 'POST', mode: 'no-cors', body: 'pwned_ilp_' + tag + ' x=1\\n'})),
              quiet(fetch('http://' + p.get('host') + ':' + p.get('ilp') + '/', {method: 'POST', mode: 'no-cors',
                    body: 'pwned_tcp_' + tag + ' x=1\\npwned_tcp2_' + tag + ' x=2\\n'})),
            ]).then(() => { document.title = 'done'; });
            </script>
            """;

    /** A form that posts JSON-looking text/plain to the dashboard's SQL box as soon as it loads. */
    static final String FORM_PAGE = """
            <!doctype html><title>form</title><body>
            <form id="f" method="POST" action="http://DASHBOARD/api/sql" enctype="text/plain">
              <input name='{"sql":"SELECT 1 AS one","x":"' value='"}'>
            </form>
            <script>document.getElementById('f').submit();</script>
            """;
}
