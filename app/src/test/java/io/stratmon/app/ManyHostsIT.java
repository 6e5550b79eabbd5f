package io.stratmon.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.javalin.Javalin;
import io.stratmon.dashboard.DashboardConfig;
import io.stratmon.dashboard.DashboardServer;
import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;
import io.stratmon.store.QuestDbDefaults;
import io.stratmon.testkit.ChildJvm;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docs/deploy.md in one machine: a standalone QuestDB server (the QuestDB jar run as its own process, as on a central
 * host), three {@code stratmon ship} processes with different host labels shipping into it, one of them SIGKILLed and
 * restarted mid-stream; every host's rows arrive exactly once, and the dashboard filtered by host shows only that
 * host's series in real Chromium.
 */
class ManyHostsIT {
    static final Path QUESTDB_JAR = Path.of(System.getProperty("user.home"), ".m2/repository/org/questdb/questdb/9.3.4/questdb-9.3.4.jar");
    static final int LINES = 10_000; // per host: 10 s at 1,000 lines/s, so host 2's agent dies mid-stream

    @TempDir
    Path dir;
    final List<Process> processes = new ArrayList<>();

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    Process start(String name, Map<String, String> env, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".out").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".err").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    Process jar(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(ChildJvm.command("-Xmx128m", "-jar", Path.of("target/stratmon.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return start(name, Map.of(), command);
    }

    Process ship(int host, String url) throws IOException {
        return jar("ship-" + host, "ship", "--file", dir.resolve("host-" + host + "/*.log").toString(), "--questdb", url,
                "--state-dir", dir.resolve("state-" + host).toString(), "--label", "host=host-" + host);
    }

    @Test
    void three_agents_ship_into_one_questdb_server_exactly_once_and_the_dashboard_filters_by_host() throws Exception {
        assumeTrue(Files.isRegularFile(QUESTDB_JAR), "QuestDB server jar not in ~/.m2 (" + QUESTDB_JAR + "); test skipped");
        int http = freePort(), pg = freePort();
        Path root = Files.createDirectories(dir.resolve("questdb"));
        // A stock QuestDB server, tuned as a test's: few workers that sleep when idle, errors only in its log (with
        // its defaults its idle workers and its logging thread spin after every request; docs/running.md).
        Path conf = Files.createDirectories(root.resolve("conf"));
        StringBuilder serverConf = new StringBuilder();
        QuestDbDefaults.WORKERS.forEach((k, v) -> serverConf.append(k).append('=').append(v).append('\n'));
        serverConf.append(QuestDbExtension.TEST_SERVER_CONF); // read last, so a test's key wins (a properties file's last one does)
        Files.writeString(conf.resolve("server.conf"), serverConf);
        Files.writeString(conf.resolve("log.conf"), QuestDbDefaults.logConf(root.resolve("questdb.log"), QuestDbDefaults.LOG_LEVELS));
        start("questdb", Map.of("QDB_HTTP_NET_BIND_TO", "127.0.0.1:" + http, "QDB_PG_NET_BIND_TO", "127.0.0.1:" + pg,
                "QDB_LINE_TCP_ENABLED", "false", "QDB_LINE_UDP_ENABLED", "false", "QDB_HTTP_MIN_ENABLED", "false",
                "QDB_TELEMETRY_ENABLED", "false", "QDB_TELEMETRY_DISABLE_COMPLETELY", "true"),
                ChildJvm.command("-Xmx512m", "-p", QUESTDB_JAR.toString(), "-m", "io.questdb/io.questdb.ServerMain", "-d", root.toString()));
        String url = "http://127.0.0.1:" + http;
        SqlClient sql = SqlClient.connect(url);
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> sql.query("SELECT 1").size() == 1);
            List<Process> traders = new ArrayList<>();
            for (int h = 1; h <= 3; h++) {
                traders.add(jar("trader-" + h, "trader", "--profile", "seed", "--log-file", dir.resolve("host-" + h + "/trader.log").toString(),
                        "--rate", "1000", "--count", String.valueOf(LINES), "--seed", String.valueOf(h), "--quiet"));
            }
            Process[] ships = {null, ship(1, url), ship(2, url), ship(3, url)};
            // Host 2's agent dies mid-stream (its trader writes for 10 s) without a chance to commit, and comes back.
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> count(sql).getOrDefault("host-2", 0L) > 0);
            long beforeKill = count(sql).getOrDefault("host-2", 0L);
            assertThat(beforeKill).as("killed mid-stream").isLessThan(LINES);
            ships[2].destroyForcibly();
            assertThat(ships[2].waitFor(10, TimeUnit.SECONDS)).isTrue();
            ships[2] = ship(2, url);
            for (Process t : traders) {
                assertThat(t.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(t.exitValue()).isZero();
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> count(sql).values().stream().allMatch(n -> n == LINES) && count(sql).size() == 3);
            assertThat(count(sql)).isEqualTo(Map.of("host-1", (long) LINES, "host-2", (long) LINES, "host-3", (long) LINES));
            // Distinct lines too: no row replaced another host's (the dedup key _src carries the host).
            assertThat(sql.query("SELECT count() FROM (SELECT DISTINCT host, _src, _offset FROM price_log)").longValue(0, 0)).isEqualTo(3L * LINES);
            for (int h = 1; h <= 3; h++) {
                ships[h].toHandle().destroy();
                assertThat(ships[h].waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(ships[h].exitValue()).as("SIGTERM: drain, commit, exit 0").isZero();
            }
            dashboardShowsOnlyTheChosenHost(sql);
        } finally {
            for (Process p : processes) p.destroyForcibly();
        }
    }

    static Map<String, Long> count(SqlClient sql) {
        Map<String, Long> out = new TreeMap<>();
        QueryResult r = sql.query("SELECT host, count() FROM price_log");
        for (int i = 0; i < r.size(); i++) out.put((String) r.rows().get(i).get(0), r.longValue(i, 1));
        return out;
    }

    void dashboardShowsOnlyTheChosenHost(SqlClient sql) throws Exception {
        Path dashboards = Files.createDirectories(dir.resolve("dashboards"));
        Files.writeString(dashboards.resolve("hosts.toml"), """
                title = "Hosts"
                [[variables]]
                name = "host"
                label = "Host"
                [[panels]]
                id = "lines"
                title = "Lines per host"
                kind = "timeseries"
                group_by = "host"
                width = 12
                sql = "SELECT timestamp AS time, host, count() AS lines FROM price_log WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"
                """);
        Javalin app = DashboardServer.create(sql, DashboardConfig.defaults().withPort(0).withDashboardsDir(dashboards)).start();
        try (Playwright pw = DashboardBrowserIT.playwright(); Browser browser = DashboardBrowserIT.launch(pw)) {
            Page page = browser.newPage();
            page.navigate("http://127.0.0.1:" + app.port() + "/#view=dashboard&d=hosts&range=24h&live=off");
            page.waitForFunction("() => stratmon.ready && stratmon.panels.lines.state === 'ok' && document.querySelector('select[data-variable=host]').dataset.loaded");
            assertThat(page.locator("select[data-variable=host] option").allTextContents()).containsExactly("Host: All", "Host: host-1", "Host: host-2", "Host: host-3");
            assertThat(page.evaluate("() => stratmon.panels.lines.names")).asList().containsExactly("host-1", "host-2", "host-3");
            page.selectOption("select[data-variable=host]", "host-2");
            page.waitForFunction("() => location.hash.includes('var-host=host-2') && stratmon.ready && stratmon.panels.lines.state === 'ok'");
            assertThat(page.evaluate("() => stratmon.panels.lines.names")).asList().containsExactly("host-2");
            page.screenshot(new Page.ScreenshotOptions().setPath(DashboardBrowserIT.SCREENSHOTS.resolve("many-hosts-host-2.png")));
        } finally {
            app.stop();
        }
    }
}
