package io.stratmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.stratmon.alerts.AlertsConfig;
import io.stratmon.app.metrics.Promtool;
import io.stratmon.dashboard.DashboardConfig;
import io.stratmon.dashboard.DashboardServer;
import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /metrics}, {@code /health} and {@code /ready} on the dashboard, as {@code up} and {@code demo} serve them: a
 * real shipper into a real QuestDB, the built-in alert rules evaluated, the dashboard on a free port.
 */
class ObservabilityIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    Shipper shipper;
    Alerting alerting;
    Observability ops;
    Javalin dashboard;
    boolean stopped;

    @BeforeEach
    void start() throws Exception {
        Path log = dir.resolve("obs.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add("{\"timestamp\":\"" + java.time.Instant.now().minusSeconds(5) + "\",\"event\":\"obs_tick\",\"n\":" + i + "}");
        }
        lines.add("not json");
        Files.createFile(log);
        shipper = Shipper.start(ShipperConfig.of(List.of(log.toString()), questdb.httpUrl(), dir.resolve("state"))
                .withCredentials(questdb.username(), questdb.password()).withMetricsInterval(Duration.ZERO));
        alerting = Alerting.start(AlertsConfig.defaults().withRules(List.of(Alerting.BUILTIN)).withEvaluationInterval(Duration.ofSeconds(1)),
                dir, questdb.sql());
        ops = Observability.of(shipper, questdb.sql(), questdb.httpUrl(), alerting);
        dashboard = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0), alerting.source(), ops.routes()).start();
        // Written once the histograms are bound: a batch acknowledged before that is in the counters only.
        Files.write(log, lines);
    }

    @AfterEach
    void stop() {
        if (dashboard != null) dashboard.stop();
        if (ops != null) ops.close();
        if (alerting != null) alerting.close();
        if (shipper != null) shipper.close();
        if (stopped) questdb.start(); // the next test gets it back
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port() + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_dashboard_serves_metrics_that_promtool_accepts_with_the_shipper_alerts_and_jvm() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get("/metrics").body())
                .contains("stratmon_shipper_rows_shipped_total 40.0", "stratmon_shipper_dead_letters_total{reason=\"parse\"} 1.0",
                        "stratmon_alert_rule_evaluation_duration_seconds_count{rule_group="));
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
        String text = r.body();
        assertThat(text).contains("stratmon_build_info{", "stratmon_alerts{alertname=\"HeartbeatMissing\",alertstate=\"firing\"}",
                "stratmon_alert_rules ", "jvm_memory_used_bytes", "process_cpu_seconds_total",
                "stratmon_shipper_lag_seconds_count 40");
        assertThat(text.lines().filter(l -> l.startsWith("stratmon_shipper_lag_seconds_bucket{le=\"1.0\"}")).findFirst().orElseThrow())
                .as("the lines are 5 s old: none within 1 s").endsWith(" 0");
        assertThat(text.lines().filter(l -> l.startsWith("stratmon_shipper_lag_seconds_bucket{le=\"300.0\"}")).findFirst().orElseThrow())
                .endsWith(" 40");
        Promtool.assertValid(text);
    }

    @Test
    void health_and_ready_answer_200_with_every_check_and_ready_turns_503_with_the_reason_when_questdb_stops() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/ready").statusCode() == 200);
        JsonNode health = JSON.readTree(get("/health").body());
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("checks").findValuesAsText("name")).containsExactly("shipper", "alerts");
        JsonNode ready = JSON.readTree(get("/ready").body());
        assertThat(ready.get("checks").findValuesAsText("name")).containsExactly("questdb", "shipper");
        assertThat(ready.get("reasons")).isEmpty();

        questdb.stop();
        stopped = true;
        // The shipper's own check may turn first (its next request fails at once); QuestDB's follows within its
        // unreachable threshold, and then leads the reasons.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> r = get("/ready");
            assertThat(r.statusCode()).isEqualTo(503);
            JsonNode notReady = JSON.readTree(r.body());
            assertThat(notReady.get("status").asText()).isEqualTo("fail");
            assertThat(notReady.get("reasons").get(0).asText()).startsWith("questdb: unreachable for ").contains(questdb.httpUrl());
        });
        assertThat(get("/health").statusCode()).as("alive, only not ready: %s", get("/health").body()).isEqualTo(200);
    }

    @Test
    void other_methods_and_paths_are_not_served() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isIn(404, 405);
        assertThat(get("/metrics/x").statusCode()).isEqualTo(404);
    }
}
