package io.stratmon.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Rules evaluated on a real embedded QuestDB, delivered to a real Alertmanager and to a webhook receiver. The
 * rule fires for every symbol of the {@code knob} table whose latest value is above 0; tests turn it on and off.
 */
class AlertmanagerIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    private static final String RULES = """
            groups:
              - name: test
                interval: 300ms
                rules:
                  - alert: KnobHigh
                    expr: SELECT * FROM (SELECT symbol, value FROM knob LATEST ON timestamp PARTITION BY symbol) WHERE value > 0
                    for: 600ms
                    labels: {severity: page}
                    annotations:
                      summary: "{{ $labels.symbol }} is at {{ $value }}"
            """;

    @BeforeAll
    static void requireAlertmanager() {
        assumeTrue(AlertmanagerProcess.installed(), "Alertmanager is not installed (" + AlertmanagerProcess.BINARY
                + "); install Debian's prometheus-alertmanager (apt-get install -y prometheus-alertmanager), as .ci/run does");
    }

    @BeforeEach
    void freshTables() {
        questdb.query("DROP TABLE IF EXISTS knob");
        questdb.query("DROP TABLE IF EXISTS " + AlertStore.TABLE);
        questdb.query("CREATE TABLE knob (timestamp TIMESTAMP, symbol SYMBOL, value DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY BYPASS WAL");
    }

    private void knob(String symbol, double value) {
        questdb.query("INSERT INTO knob VALUES (now(), '" + symbol + "', " + value + ")");
    }

    private AlertEngine engine(List<Notifier> notifiers) {
        RuleLoader.Result r = RuleLoader.parse(RULES, "test.yml");
        assertThat(r.problems()).isEmpty();
        // resend_delay 1 min: an active alert's endsAt is 4 min away, so only a resolution can end it within the test.
        AlertsConfig config = AlertsConfig.defaults().withRules(List.of("test.yml")).withResendDelay(Duration.ofMinutes(1))
                .withExternalUrl("http://127.0.0.1:7300");
        AlertEngine e = new AlertEngine(config, r.groups(), QueryRunner.of(questdb.sql()), Clock.systemUTC(), notifiers);
        e.start();
        return e;
    }

    private static JsonNode only(JsonNode alerts) {
        assertThat(alerts.size()).as("alerts in Alertmanager: %s", alerts).isEqualTo(1);
        return alerts.get(0);
    }

    @Test
    void a_firing_rule_is_active_in_alertmanager_with_its_labels_and_expanded_annotations_then_resolved() throws Exception {
        try (AlertmanagerProcess am = new AlertmanagerProcess(dir.resolve("am"), AlertmanagerProcess.freePort()).start();
             AlertEngine engine = engine(List.of(Notifier.alertmanager(am.url(), "http://127.0.0.1:7300")))) {
            knob("SOL-USD", 42);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(am.alerts().size()).isEqualTo(1));
            JsonNode a = only(am.alerts());
            assertThat(a.path("labels").path("alertname").asText()).isEqualTo("KnobHigh");
            assertThat(a.path("labels").path("symbol").asText()).isEqualTo("SOL-USD");
            assertThat(a.path("labels").path("severity").asText()).isEqualTo("page");
            assertThat(a.path("annotations").path("summary").asText()).isEqualTo("SOL-USD is at 42");
            assertThat(a.path("status").path("state").asText()).isEqualTo("active");
            assertThat(a.path("generatorURL").asText()).isEqualTo("http://127.0.0.1:7300/#alerts");
            Alert ours = engine.snapshot().alerts().get(0);
            assertThat(a.path("fingerprint").asText()).as("Prometheus's label fingerprint").isEqualTo(ours.fingerprint());
            assertThat(Instant.parse(a.path("startsAt").asText())).isEqualTo(ours.firedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            assertThat(Duration.between(ours.activeAt(), ours.firedAt())).as("for: 600ms").isGreaterThanOrEqualTo(Duration.ofMillis(600));

            knob("SOL-USD", 0);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(am.alerts().size()).as("resolved alerts leave the active list").isZero());
            questdb.awaitWalApplied(AlertStore.TABLE);
            assertThat(questdb.query("SELECT alertname, state, severity, summary FROM stratmon_alerts ORDER BY timestamp").toTsv())
                    .isEqualTo("alertname\tstate\tseverity\tsummary\nKnobHigh\tpending\tpage\tSOL-USD is at 42\n"
                            + "KnobHigh\tfiring\tpage\tSOL-USD is at 42\nKnobHigh\tresolved\tpage\tSOL-USD is at 42\n");
        }
    }

    @Test
    void an_alertmanager_that_is_down_gets_the_alert_when_it_is_back() throws Exception {
        int port = AlertmanagerProcess.freePort();
        Notifier notifier = new Notifier(Notifier.Kind.ALERTMANAGER, "http://127.0.0.1:" + port, "http://127.0.0.1:7300", 100, Duration.ofSeconds(1));
        try (AlertEngine engine = engine(List.of(notifier))) {
            knob("BTC-USD", 7);
            await().atMost(Duration.ofSeconds(15)).until(() -> notifier.status().failed() >= 3);
            assertThat(notifier.status().queued()).isEqualTo(1);
            assertThat(notifier.status().lastError()).contains("ConnectException");
            try (AlertmanagerProcess am = new AlertmanagerProcess(dir.resolve("am"), port).start()) {
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(only(am.alerts()).path("labels").path("symbol").asText()).isEqualTo("BTC-USD"));
                assertThat(notifier.status().queued()).isZero();
                assertThat(notifier.status().lastError()).isEmpty();
            }
        }
    }

    @Test
    void a_restart_while_an_alert_fires_keeps_its_starts_at_and_does_not_page_it_as_new() throws Exception {
        try (WebhookReceiver hook = new WebhookReceiver()) {
            Instant firstStart;
            try (AlertEngine first = engine(List.of(Notifier.webhook(hook.url(), "http://127.0.0.1:7300")))) {
                knob("ETH-USD", 3);
                await().atMost(Duration.ofSeconds(15)).until(() -> !hook.bodies.isEmpty());
                firstStart = Instant.parse(hook.bodies.get(0).path("alerts").get(0).path("startsAt").asText());
            }
            questdb.awaitWalApplied(AlertStore.TABLE);
            hook.bodies.clear();
            try (AlertEngine second = engine(List.of(Notifier.webhook(hook.url(), "http://127.0.0.1:7300")))) {
                await().atMost(Duration.ofSeconds(15)).until(() -> !hook.bodies.isEmpty());
                JsonNode again = hook.bodies.get(0).path("alerts").get(0);
                assertThat(again.path("status").asText()).isEqualTo("firing");
                assertThat(Instant.parse(again.path("startsAt").asText())).isEqualTo(firstStart);
                assertThat(second.snapshot().alerts()).singleElement().satisfies(a ->
                        assertThat(a.firedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).isEqualTo(firstStart));
            }
            questdb.awaitWalApplied(AlertStore.TABLE);
            assertThat(questdb.query("SELECT state, count() AS count FROM stratmon_alerts ORDER BY state").toTsv())
                    .as("one pending and one firing row: the restart added none").isEqualTo("state\tcount\nfiring\t1\npending\t1\n");
        }
    }

    @Test
    void a_webhook_receiver_gets_alertmanager_s_version_4_payload() throws Exception {
        try (WebhookReceiver hook = new WebhookReceiver(); AlertEngine engine = engine(List.of(Notifier.webhook(hook.url(), "http://127.0.0.1:7300")))) {
            // One statement, so one evaluation sees both: two inserts may straddle an evaluation, and then each alert
            // fires, and is sent, on its own.
            questdb.query("INSERT INTO knob VALUES (now(), 'SOL-USD', 5), (now(), 'BTC-USD', 6)");
            await().atMost(Duration.ofSeconds(15)).until(() -> hook.bodies.stream().anyMatch(b -> b.path("alerts").size() == 2));
            JsonNode m = hook.bodies.stream().filter(b -> b.path("alerts").size() == 2).findFirst().orElseThrow();
            List<String> keys = new ArrayList<>();
            m.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("version", "groupKey", "truncatedAlerts", "status", "receiver", "groupLabels",
                    "commonLabels", "commonAnnotations", "externalURL", "alerts");
            assertThat(m.path("version").asText()).isEqualTo("4");
            assertThat(m.path("status").asText()).isEqualTo("firing");
            assertThat(m.path("groupLabels").toString()).isEqualTo("{\"alertname\":\"KnobHigh\"}");
            assertThat(m.path("commonLabels").toString()).isEqualTo("{\"alertname\":\"KnobHigh\",\"severity\":\"page\"}");
            assertThat(m.path("externalURL").asText()).isEqualTo("http://127.0.0.1:7300");
            JsonNode a = m.path("alerts").get(0);
            List<String> alertKeys = new ArrayList<>();
            a.fieldNames().forEachRemaining(alertKeys::add);
            assertThat(alertKeys).containsExactly("status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint");
            assertThat(a.path("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");

            questdb.query("INSERT INTO knob VALUES (now(), 'SOL-USD', 0), (now(), 'BTC-USD', 0)");
            await().atMost(Duration.ofSeconds(15)).until(() -> hook.bodies.stream().anyMatch(b -> b.path("status").asText().equals("resolved")));
            JsonNode resolved = hook.bodies.stream().filter(b -> b.path("status").asText().equals("resolved")).findFirst().orElseThrow();
            assertThat(resolved.path("alerts").get(0).path("endsAt").asText()).isNotEqualTo("0001-01-01T00:00:00Z");
        }
    }
}
