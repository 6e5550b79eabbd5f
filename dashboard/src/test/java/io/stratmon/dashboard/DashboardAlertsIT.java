package io.stratmon.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.stratmon.dashboard.alerts.AlertStatusSource;
import io.stratmon.dashboard.alerts.AlertStatusSource.ActiveAlert;
import io.stratmon.dashboard.alerts.AlertStatusSource.RuleHealth;
import io.stratmon.dashboard.alerts.AlertStatusSource.Snapshot;
import io.stratmon.dashboard.alerts.AlertStatusSource.State;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The alert endpoints on a real QuestDB holding {@code stratmon_alerts} rows, with a test {@link AlertStatusSource}. */
class DashboardAlertsIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    static final Instant NOW = Instant.now();
    static final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    static Javalin app;
    static Http http;
    static JsonNode bandsBeforeTable;
    static JsonNode historyBeforeTable;

    static ActiveAlert stale(State state) {
        return new ActiveAlert("StalePriceFeed", "fp-sol", state, "page", Map.of("alertname", "StalePriceFeed", "severity", "page", "symbol", "SOL-USD"),
                Map.of("summary", "SOL-USD: no price for 21 s"), 21, NOW.minusSeconds(40), state == State.FIRING ? NOW.minusSeconds(30) : null);
    }

    static String row(long secondsAgo, String name, String fingerprint, String state, String severity) {
        return "(dateadd('s', -" + secondsAgo + ", now()), '" + name + "', '" + fingerprint + "', '" + state + "', '" + severity
                + "', '{\"alertname\":\"" + name + "\",\"symbol\":\"SOL-USD\"}', '{\"summary\":\"s\"}', 21.0, 'summary of " + name
                + "', dateadd('s', -" + (secondsAgo + 5) + ", now()))";
    }

    @BeforeAll
    static void start() throws Exception {
        snapshot.set(new Snapshot(true, List.of(stale(State.FIRING), new ActiveAlert("ErrorBurst", "fp-err", State.PENDING, "warning",
                Map.of(), Map.of(), Double.NaN, NOW.minusSeconds(3), null)),
                List.of(new RuleHealth("strategy", "StalePriceFeed", "ok", "", NOW.minusSeconds(2), Duration.ofMillis(4), 0),
                        new RuleHealth("strategy", "Broken", "error", "table does not exist [table=nope]", NOW.minusSeconds(2), Duration.ofMillis(1), 7))));
        app = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0), snapshot::get).start();
        http = new Http("http://127.0.0.1:" + app.port());
        bandsBeforeTable = http.get("/api/alerts/bands?range=1h").json();
        historyBeforeTable = http.get("/api/alerts/history?range=1h").json();

        questdb.query("CREATE TABLE stratmon_alerts (timestamp TIMESTAMP, alertname SYMBOL, fingerprint SYMBOL, state SYMBOL, severity SYMBOL, "
                + "labels VARCHAR, annotations VARCHAR, value DOUBLE, summary VARCHAR, active_at TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        List<String> rows = new ArrayList<>(List.of(
                row(7200, "HeartbeatMissing", "fp-hb", "firing", "page"),        // firing since before the 1h range...
                row(1800, "HeartbeatMissing", "fp-hb", "resolved", "page"),      // ...until 30 minutes ago
                row(1210, "StalePriceFeed", "fp-old", "pending", "page"),
                row(1200, "StalePriceFeed", "fp-old", "firing", "page"),
                row(900, "StalePriceFeed", "fp-old", "resolved", "page"),
                row(40, "StalePriceFeed", "fp-sol", "pending", "page"),
                row(30, "StalePriceFeed", "fp-sol", "firing", "page")));         // still firing
        questdb.query("INSERT INTO stratmon_alerts VALUES " + String.join(", ", rows));
        questdb.awaitRowCount("stratmon_alerts", rows.size());
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void the_snapshot_counts_firing_alerts_and_takes_the_colour_of_the_worst() throws Exception {
        JsonNode s = http.get("/api/alerts").json();

        assertThat(s.get("enabled").asBoolean()).isTrue();
        assertThat(s.get("firing").asLong()).isEqualTo(1);
        assertThat(s.get("pending").asLong()).isEqualTo(1);
        assertThat(s.get("level").asText()).isEqualTo("critical");
        JsonNode first = s.get("active").get(0);
        assertThat(first.get("name").asText()).isEqualTo("StalePriceFeed");
        assertThat(first.get("state").asText()).isEqualTo("firing");
        assertThat(first.get("labels").get("symbol").asText()).isEqualTo("SOL-USD");
        assertThat(first.get("value").asDouble()).isEqualTo(21);
        assertThat(first.get("firingSince").asLong()).isEqualTo(NOW.minusSeconds(30).toEpochMilli());
        assertThat(s.get("active").get(1).get("value").isNull()).as("NaN is sent as null").isTrue();
        assertThat(s.get("rules").get(1).get("health").asText()).isEqualTo("error");
        assertThat(s.get("rules").get(1).get("errorsTotal").asLong()).isEqualTo(7);
    }

    @Test
    void history_lists_the_transitions_of_the_range_newest_first() throws Exception {
        JsonNode h = http.get("/api/alerts/history?range=1h").json();

        List<String> states = new ArrayList<>();
        h.get("rows").forEach(r -> states.add(r.get("alertname").asText() + ":" + r.get("state").asText()));
        assertThat(states).containsExactly("StalePriceFeed:firing", "StalePriceFeed:pending", "StalePriceFeed:resolved",
                "StalePriceFeed:firing", "StalePriceFeed:pending", "HeartbeatMissing:resolved");
        assertThat(h.get("rows").get(0).get("labels").get("symbol").asText()).isEqualTo("SOL-USD");
        assertThat(h.get("truncated").asBoolean()).isFalse();

        JsonNode two = http.get("/api/alerts/history?range=1h&limit=2").json();
        assertThat(two.get("rows")).hasSize(2);
        assertThat(two.get("truncated").asBoolean()).isTrue();
    }

    @Test
    void bands_are_the_firing_periods_of_the_range_clipped_at_its_start_and_open_while_firing() throws Exception {
        JsonNode b = http.get("/api/alerts/bands?range=1h").json();
        long from = b.get("from").asLong();

        assertThat(b.get("bands")).hasSize(3);
        JsonNode hb = b.get("bands").get(0);
        assertThat(hb.get("alertname").asText()).isEqualTo("HeartbeatMissing");
        assertThat(hb.get("from").asLong()).isEqualTo(from);
        // The rows were written (with QuestDB's now()) a little before this request's "to".
        long to = b.get("to").asLong();
        assertThat(hb.get("to").asLong()).isBetween(to - 1_800_000 - 120_000, to - 1_800_000);
        JsonNode old = b.get("bands").get(1);
        assertThat(old.get("to").asLong() - old.get("from").asLong()).isEqualTo(300_000);
        JsonNode open = b.get("bands").get(2);
        assertThat(open.get("fingerprint").asText()).isEqualTo("fp-sol");
        assertThat(open.get("level").asText()).isEqualTo("critical");
        assertThat(open.get("to").isNull()).isTrue();

        JsonNode earlier = http.get("/api/alerts/bands?from=" + NOW.minusSeconds(3 * 3600) + "&to=" + NOW.minusSeconds(3600)).json();
        assertThat(earlier.get("bands")).hasSize(1);
        assertThat(earlier.get("bands").get(0).get("to").isNull()).as("firing at the end of that range").isTrue();
    }

    @Test
    void without_the_table_history_and_bands_are_empty_not_errors() {
        assertThat(bandsBeforeTable.get("bands")).isEmpty();
        assertThat(historyBeforeTable.get("rows")).isEmpty();
        assertThat(historyBeforeTable.get("table").asBoolean()).isFalse();
    }

    @Test
    void malformed_parameters_are_400_never_500() throws Exception {
        for (String path : List.of("/api/alerts/history?range=soon", "/api/alerts/history?range=-5m", "/api/alerts/history?from=yesterday&to=today",
                "/api/alerts/history?from=2026-12-01T10:00:00Z", "/api/alerts/history?range=1h&limit=0", "/api/alerts/history?range=1h&limit=lots",
                "/api/alerts/history?range=1h&limit=99999999999", "/api/alerts/bands?from=2026-12-01T10:00:00Z&to=2026-12-01T09:00:00Z",
                "/api/alerts/bands?range=400d", "/api/alerts/bands?range=1h'%3B%20DROP%20TABLE%20stratmon_alerts",
                "/api/alerts/bands?from=2026-12-01T10:00:00Z'&to=2026-12-01T11:00:00Z")) {
            Http.Answer a = http.get(path);
            assertThat(a.status()).as("%s -> %s", path, a.body()).isEqualTo(400);
            assertThat(a.json().get("error").asText()).isNotBlank();
        }
        assertThat(questdb.count("stratmon_alerts")).isEqualTo(7);
    }

    @Test
    void nothing_can_change_rules_or_alerts_over_http() throws Exception {
        for (String path : List.of("/api/alerts", "/api/alerts/history", "/api/alerts/bands")) {
            assertThat(http.post(path, "{}", "application/json").status()).as(path).isIn(404, 405);
        }
    }

    @Test
    void the_live_stream_pushes_the_snapshot_and_again_when_it_changes() throws Exception {
        List<String> alerts = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/alerts/live?range=15m"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = null;
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("event:")) name = line.substring(6).trim();
                    else if (line.startsWith("data:") && "alerts".equals(name)) alerts.add(line.substring(5).trim());
                }
            } catch (Exception ignored) {
                // closed at the end of the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        Snapshot before = snapshot.get();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !alerts.isEmpty());
            assertThat(Http.JSON.readTree(alerts.get(0)).get("firing").asLong()).isEqualTo(1);
            Thread.onSpinWait();
            snapshot.set(new Snapshot(true, List.of(stale(State.FIRING), stale(State.FIRING)), before.rules()));
            await().atMost(Duration.ofSeconds(10)).until(() -> alerts.size() >= 2);
            assertThat(Http.JSON.readTree(alerts.get(1)).get("firing").asLong()).isEqualTo(2);
            assertThat(alerts).as("an unchanged snapshot is not sent again").hasSize(2);
        } finally {
            snapshot.set(before);
            response.body().close();
        }
    }
}
