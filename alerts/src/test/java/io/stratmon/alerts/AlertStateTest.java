package io.stratmon.alerts;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Prometheus's alerting semantics on a manual clock: every evaluation time is given, nothing sleeps. */
class AlertStateTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration RESEND = Duration.ofMinutes(1);

    private final AlertRule rule = AlertRule.of("StalePriceFeed", "SELECT 1", Duration.ofSeconds(30))
            .withLabels(Map.of("severity", Template.compile("page")))
            .withAnnotations(Map.of("summary", Template.compile("{{ $labels.symbol }}: no price for {{ $value }} s")));

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static Evaluation rows(AlertRule rule, int at, Evaluation.Sample... samples) {
        return Evaluation.ok(rule, t(at), List.of(samples), Duration.ZERO);
    }

    private static Evaluation.Sample sol(double value) {
        return new Evaluation.Sample(Map.of("symbol", "SOL-USD"), value);
    }

    private static List<AlertStatus> states(AlertState.Applied a) {
        return a.transitions().stream().map(Transition::state).toList();
    }

    @Test
    void a_row_is_pending_until_it_has_been_there_for_the_whole_for_then_fires() {
        AlertState s = new AlertState(rule);
        assertThat(states(s.apply(rows(rule, 0, sol(20))))).containsExactly(AlertStatus.PENDING);
        assertThat(states(s.apply(rows(rule, 10, sol(30))))).isEmpty();
        assertThat(states(s.apply(rows(rule, 20, sol(40))))).isEmpty();
        assertThat(s.alerts().get(0).state()).isEqualTo(AlertStatus.PENDING);
        AlertState.Applied fired = s.apply(rows(rule, 30, sol(50)));
        assertThat(states(fired)).containsExactly(AlertStatus.FIRING);
        Alert a = fired.transitions().get(0).alert();
        assertThat(a.activeAt()).isEqualTo(t(0));
        assertThat(a.firedAt()).isEqualTo(t(30));
        assertThat(a.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("alertname", "StalePriceFeed", "severity", "page", "symbol", "SOL-USD"));
        assertThat(a.annotations()).containsEntry("summary", "SOL-USD: no price for 50 s");
        assertThat(a.value()).isEqualTo(50);
    }

    @Test
    void a_pending_instance_whose_row_goes_is_dropped_and_the_for_starts_again() {
        AlertState s = new AlertState(rule);
        s.apply(rows(rule, 0, sol(20)));
        assertThat(states(s.apply(rows(rule, 10)))).containsExactly(AlertStatus.RESOLVED);
        assertThat(s.alerts()).isEmpty();
        s.apply(rows(rule, 20, sol(20)));
        assertThat(states(s.apply(rows(rule, 40, sol(20))))).isEmpty();
        assertThat(states(s.apply(rows(rule, 50, sol(20))))).containsExactly(AlertStatus.FIRING);
    }

    @Test
    void with_for_zero_an_instance_fires_at_its_first_evaluation_with_one_firing_row() {
        AlertRule now = AlertRule.of("ErrorBurst", "SELECT 1", Duration.ZERO);
        AlertState s = new AlertState(now);
        assertThat(states(s.apply(rows(now, 0, new Evaluation.Sample(Map.of(), 12))))).containsExactly(AlertStatus.FIRING);
    }

    @Test
    void a_firing_instance_resolves_when_its_row_goes_and_is_sent_once_resolved_with_ends_at() {
        AlertState s = new AlertState(rule);
        s.apply(rows(rule, 0, sol(20)));
        s.apply(rows(rule, 30, sol(20)));
        List<AlertMessage> firing = s.toSend(t(30), RESEND, INTERVAL, "http://x/#alerts");
        assertThat(firing).singleElement().satisfies(m -> {
            assertThat(m.resolved()).isFalse();
            assertThat(m.startsAt()).isEqualTo(t(30));
            assertThat(m.endsAt()).isEqualTo(t(30).plus(RESEND.multipliedBy(4)));   // now + 4 × max(interval, resend_delay)
        });
        assertThat(states(s.apply(rows(rule, 40)))).containsExactly(AlertStatus.RESOLVED);
        List<AlertMessage> resolved = s.toSend(t(40), RESEND, INTERVAL, "http://x/#alerts");
        assertThat(resolved).singleElement().satisfies(m -> {
            assertThat(m.resolved()).isTrue();
            assertThat(m.startsAt()).isEqualTo(t(30));
            assertThat(m.endsAt()).isEqualTo(t(40));
        });
        assertThat(s.toSend(t(50), RESEND, INTERVAL, "u")).isEmpty();
        assertThat(s.toSend(t(101), RESEND, INTERVAL, "u")).as("resolutions are re-sent every resend_delay while kept").hasSize(1);
    }

    @Test
    void a_resolved_instance_is_kept_15_minutes_then_forgotten() {
        AlertRule now = AlertRule.of("X", "SELECT 1", Duration.ZERO);
        AlertState s = new AlertState(now);
        s.apply(rows(now, 0, new Evaluation.Sample(Map.of(), 1)));
        s.apply(rows(now, 10));
        assertThat(s.alerts()).singleElement().extracting(Alert::state).isEqualTo(AlertStatus.RESOLVED);
        s.apply(rows(now, 10 + 15 * 60));
        assertThat(s.alerts()).hasSize(1);
        s.apply(rows(now, 11 + 15 * 60));
        assertThat(s.alerts()).isEmpty();
    }

    @Test
    void firing_alerts_are_resent_every_resend_delay_and_not_in_between() {
        AlertRule now = AlertRule.of("X", "SELECT 1", Duration.ZERO);
        AlertState s = new AlertState(now);
        s.apply(rows(now, 0, new Evaluation.Sample(Map.of(), 1)));
        assertThat(s.toSend(t(0), RESEND, INTERVAL, "u")).hasSize(1);
        for (int sec = 10; sec <= 60; sec += 10) {
            s.apply(rows(now, sec, new Evaluation.Sample(Map.of(), 1)));
            assertThat(s.toSend(t(sec), RESEND, INTERVAL, "u")).as("at %ds", sec).isEmpty();
        }
        s.apply(rows(now, 70, new Evaluation.Sample(Map.of(), 1)));
        assertThat(s.toSend(t(70), RESEND, INTERVAL, "u")).hasSize(1);
    }

    @Test
    void pending_alerts_are_never_sent() {
        AlertState s = new AlertState(rule);
        s.apply(rows(rule, 0, sol(1)));
        assertThat(s.toSend(t(0), RESEND, INTERVAL, "u")).isEmpty();
    }

    @Test
    void keep_firing_for_holds_a_firing_instance_after_its_row_goes_and_a_returning_row_resets_it() {
        AlertRule keep = rule.withKeepFiringFor(Duration.ofSeconds(30));
        AlertState s = new AlertState(keep);
        s.apply(rows(keep, 0, sol(1)));
        s.apply(rows(keep, 30, sol(1)));
        assertThat(states(s.apply(rows(keep, 40)))).isEmpty();
        assertThat(s.alerts().get(0).keepFiringSince()).isEqualTo(t(40));
        assertThat(states(s.apply(rows(keep, 60)))).isEmpty();
        assertThat(states(s.apply(rows(keep, 65, sol(1))))).as("the row is back").isEmpty();
        assertThat(s.alerts().get(0).keepFiringSince()).isNull();
        assertThat(states(s.apply(rows(keep, 70)))).isEmpty();
        assertThat(states(s.apply(rows(keep, 99)))).isEmpty();
        assertThat(states(s.apply(rows(keep, 100)))).as("30 s after the row went again").containsExactly(AlertStatus.RESOLVED);
    }

    @Test
    void keep_firing_for_does_not_hold_a_pending_instance() {
        AlertRule keep = rule.withKeepFiringFor(Duration.ofMinutes(5));
        AlertState s = new AlertState(keep);
        s.apply(rows(keep, 0, sol(1)));
        assertThat(states(s.apply(rows(keep, 10)))).containsExactly(AlertStatus.RESOLVED);
    }

    @Test
    void a_failed_evaluation_changes_nothing() {
        AlertState s = new AlertState(rule);
        s.apply(rows(rule, 0, sol(1)));
        s.apply(rows(rule, 30, sol(1)));
        assertThat(s.apply(Evaluation.error(rule, t(40), "boom", Duration.ZERO)).transitions()).isEmpty();
        assertThat(s.alerts()).singleElement().extracting(Alert::state).isEqualTo(AlertStatus.FIRING);
    }

    @Test
    void absent_data_fires_only_when_the_rule_says_no_data_firing() {
        AlertRule heartbeat = AlertRule.of("HeartbeatMissing", "SELECT 1", Duration.ofSeconds(5)).withLabels(Map.of("severity", Template.compile("page")));
        AlertState ok = new AlertState(heartbeat);
        assertThat(ok.apply(Evaluation.noData(heartbeat, t(0), "table heartbeat does not exist", Duration.ZERO)).transitions()).isEmpty();

        AlertRule firing = heartbeat.withNoData(AlertRule.NoData.FIRING);
        AlertState s = new AlertState(firing);
        assertThat(states(s.apply(Evaluation.noData(firing, t(0), "no rows", Duration.ZERO)))).containsExactly(AlertStatus.PENDING);
        assertThat(states(s.apply(Evaluation.noData(firing, t(5), "no rows", Duration.ZERO)))).containsExactly(AlertStatus.FIRING);
        assertThat(s.alerts().get(0).labels()).containsOnlyKeys("alertname", "severity");
        // Data arrives and the heartbeat is old: the same instance (same labels) goes on firing.
        assertThat(states(s.apply(rows(firing, 10, new Evaluation.Sample(Map.of(), 40))))).isEmpty();
        assertThat(states(s.apply(rows(firing, 15)))).containsExactly(AlertStatus.RESOLVED);

        AlertRule error = heartbeat.withNoData(AlertRule.NoData.ERROR);
        assertThat(Evaluation.noData(error, t(0), "x", Duration.ZERO).failed()).isTrue();
    }

    @Test
    void two_rows_with_the_same_labels_are_an_error_and_change_nothing() {
        AlertState s = new AlertState(rule);
        AlertState.Applied a = s.apply(rows(rule, 0, sol(1), sol(2)));
        assertThat(a.failed()).isTrue();
        assertThat(a.error()).contains("same labels");
        assertThat(s.alerts()).isEmpty();
    }

    @Test
    void rule_labels_are_templates_and_override_row_columns_and_empty_labels_are_dropped() {
        AlertRule r = rule.withLabels(Map.of("severity", Template.compile("page"),
                "symbol", Template.compile("{{ $labels.symbol | toLower }}"), "empty", Template.compile("{{ $labels.nothing }}")));
        AlertState s = new AlertState(r);
        Alert a = s.apply(rows(r, 0, sol(1))).transitions().get(0).alert();
        assertThat(a.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("alertname", "StalePriceFeed", "severity", "page", "symbol", "sol-usd"));
    }

    @Test
    void each_row_is_its_own_instance_with_its_own_fingerprint() {
        AlertState s = new AlertState(rule);
        s.apply(rows(rule, 0, sol(1), new Evaluation.Sample(Map.of("symbol", "BTC-USD"), 2)));
        assertThat(s.alerts()).hasSize(2).extracting(Alert::fingerprint).doesNotHaveDuplicates();
        assertThat(states(s.apply(rows(rule, 10, sol(1))))).containsExactly(AlertStatus.RESOLVED);
    }

    @Test
    void a_restored_firing_instance_keeps_its_start_and_is_sent_again_at_once() {
        AlertState before = new AlertState(rule);
        before.apply(rows(rule, 0, sol(1)));
        Alert fired = before.apply(rows(rule, 30, sol(1))).transitions().get(0).alert();

        AlertState after = new AlertState(rule);
        after.restore(Alert.restored(fired.name(), fired.labels(), fired.annotations(), 1, AlertStatus.FIRING, t(0), t(30)));
        assertThat(after.apply(rows(rule, 600, sol(1))).transitions()).as("no new pending/firing row").isEmpty();
        assertThat(after.toSend(t(600), RESEND, INTERVAL, "u")).singleElement()
                .satisfies(m -> assertThat(m.startsAt()).isEqualTo(t(30)));
    }

    @Test
    void a_restored_pending_instance_remembers_how_long_it_has_been_pending() {
        AlertState after = new AlertState(rule);
        Map<String, String> labels = Map.of("alertname", "StalePriceFeed", "severity", "page", "symbol", "SOL-USD");
        after.restore(Alert.restored("StalePriceFeed", labels, Map.of(), 1, AlertStatus.PENDING, t(0), null));
        assertThat(states(after.apply(rows(rule, 30, sol(1))))).containsExactly(AlertStatus.FIRING);
    }
}
