package io.stratmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.stratmon.dashboard.DashboardConfig;
import io.stratmon.dashboard.DashboardServer;
import io.stratmon.dashboard.alerts.AlertStatusSource;
import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.testkit.ChildJvm;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}, a temp config and data dir, a free loopback port, scraping
 * every second) scrapes the agent ({@code stratmon-agent.jar ship --metrics-listen}) and the dashboard, and the
 * counters come back through its HTTP API.
 */
class PrometheusScrapeIT {
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path AGENT = Path.of("target/stratmon-agent.jar");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    @BeforeAll
    static void requirePrometheus() {
        assumeTrue(Files.isExecutable(PROMETHEUS), "Prometheus is not installed (" + PROMETHEUS
                + "); install Debian's prometheus (apt-get install -y prometheus), as .ci/run does");
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void lines(Path file, String event, int n) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) lines.add("{\"timestamp\":\"" + Instant.now() + "\",\"event\":\"" + event + "\",\"n\":" + i + "}");
        Files.write(file, lines);
    }

    static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of an instant query with one result, or null while it has none. */
    static Double query(int port, String promql) throws Exception {
        JsonNode r = JSON.readTree(get("http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        JsonNode result = r.path("data").path("result");
        if (result.size() != 1) return null;
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    @Test
    void prometheus_scrapes_the_agent_and_the_dashboard_and_answers_their_counters() throws Exception {
        int shipPort = freePort();
        lines(dir.resolve("agent.jsonl"), "scrape_agent", 120);
        Process ship = new ProcessBuilder(ChildJvm.command("-jar", AGENT.toAbsolutePath().toString(),
                "ship", "--file", dir.resolve("agent.jsonl").toString(), "--questdb", questdb.httpUrl(), "--user", questdb.username(), "--password", questdb.password(),
                "--state-dir", dir.resolve("agent-state").toString(), "--metrics-listen", "127.0.0.1:" + shipPort))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("ship.txt").toFile()).start();
        Path local = dir.resolve("local.jsonl");
        Files.createFile(local);
        Process prometheus = null;
        try (Shipper shipper = Shipper.start(ShipperConfig.of(List.of(local.toString()), questdb.httpUrl(), dir.resolve("state"))
                .withCredentials(questdb.username(), questdb.password()).withMetricsInterval(Duration.ZERO));
             Observability ops = Observability.of(shipper, questdb.sql(), questdb.httpUrl(), null)) {
            Javalin dashboard = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0), AlertStatusSource.NONE, ops.routes()).start();
            try {
                lines(local, "scrape_local", 30);
                int promPort = freePort();
                Path config = dir.resolve("prometheus.yml");
                Files.writeString(config, """
                        global:
                          scrape_interval: 1s
                          scrape_timeout: 1s
                        scrape_configs:
                          - job_name: ship
                            static_configs: [{targets: ['127.0.0.1:%d']}]
                          - job_name: dashboard
                            static_configs: [{targets: ['127.0.0.1:%d']}]
                        """.formatted(shipPort, dashboard.port()));
                prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("prom-data"),
                        "--web.listen-address=127.0.0.1:" + promPort)
                        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.txt").toFile()).start();
                int p = promPort;
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(query(p, "stratmon_shipper_rows_shipped_total{job=\"ship\"}")).isEqualTo(120.0);
                    assertThat(query(p, "stratmon_shipper_rows_shipped_total{job=\"dashboard\"}")).isEqualTo(30.0);
                    // every row in the lag histogram too, those of the first batch included (the meters are bound
                    // before the shipper begins); asked in the same wait, as a scrape may fall between the two counts
                    assertThat(query(p, "stratmon_shipper_lag_seconds_count{job=\"ship\"}")).isEqualTo(120.0);
                    assertThat(query(p, "stratmon_shipper_lag_seconds_count{job=\"dashboard\"}")).isEqualTo(30.0);
                });
                assertThat(query(p, "count(stratmon_build_info)")).isEqualTo(2.0);
                assertThat(query(p, "sum(up)")).isEqualTo(2.0);
                assertThat(query(p, "histogram_quantile(0.5, stratmon_shipper_lag_seconds_bucket{job=\"dashboard\"})")).isLessThan(60.0);
                assertThat(get("http://127.0.0.1:" + shipPort + "/ready")).contains("\"status\":\"ok\"");
                assertThat(get("http://127.0.0.1:" + shipPort + "/health")).contains("\"status\":\"ok\"");
            } finally {
                dashboard.stop();
            }
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                prometheus.waitFor(20, TimeUnit.SECONDS);
            }
            ship.destroy();
            assertThat(ship.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(dir.resolve("ship.txt"))).contains("metrics on http://127.0.0.1:" + shipPort + "/metrics");
        assertThat(ship.exitValue()).as("ship output: %s", Files.readString(dir.resolve("ship.txt"))).isZero();
    }
}
