package io.stratmon.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The alert instances of one rule and how each evaluation moves them, exactly as Prometheus's
 * {@code rules/alerting.go}: a new row makes a pending instance; it fires once it has been pending for {@code for};
 * when its row is gone it resolves, unless it is firing and {@code keep_firing_for} has not passed since the row went;
 * a pending instance that loses its row is dropped; a resolved one is kept 15 minutes so that its resolution is sent
 * (and re-sent). A failed evaluation changes nothing. Pure: time comes only from {@link Evaluation#at()}.
 *
 * <pre>{@code
 * AlertState state = new AlertState(rule);
 * AlertState.Applied a = state.apply(evaluator.evaluate(rule));   // a.transitions(): rows for stratmon_alerts
 * List<AlertMessage> out = state.toSend(now, resendDelay, interval, url);
 * }</pre>
 */
public final class AlertState {
    /** How long a resolved instance is kept (and its resolution re-sent every resend_delay): Prometheus's resolvedRetention. */
    static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);

    /** The transitions of one evaluation, or why the rows could not become alerts (then nothing changed). */
    public record Applied(List<Transition> transitions, String error) {
        public boolean failed() {
            return !error.isEmpty();
        }
    }

    private final AlertRule rule;
    private final Map<String, Alert> active = new LinkedHashMap<>();

    public AlertState(AlertRule rule) {
        this.rule = rule;
    }

    public AlertRule rule() {
        return rule;
    }

    public Applied apply(Evaluation e) {
        if (e.failed()) return new Applied(List.of(), "");
        Instant ts = e.at();
        List<Evaluation.Sample> samples = e.samples();
        if (e.outcome() == Evaluation.Outcome.NO_DATA) {
            samples = rule.noData() == AlertRule.NoData.FIRING ? List.of(new Evaluation.Sample(Map.of(), Double.NaN)) : List.of();
        }
        // First pass without touching state: two rows with the same labels are an error, as in Prometheus.
        Map<String, Map<String, String>> labelsByFp = new LinkedHashMap<>();
        Map<String, Evaluation.Sample> sampleByFp = new LinkedHashMap<>();
        for (Evaluation.Sample s : samples) {
            Map<String, String> labels = labels(s);
            String fp = Fingerprint.of(labels);
            if (labelsByFp.put(fp, labels) != null) {
                return new Applied(List.of(), "two rows have the same labels " + labels
                        + "; add the column that tells them apart, or aggregate");
            }
            sampleByFp.put(fp, s);
        }
        List<Transition> transitions = new ArrayList<>();
        Set<String> born = new HashSet<>();
        for (var entry : labelsByFp.entrySet()) {
            Evaluation.Sample s = sampleByFp.get(entry.getKey());
            Map<String, String> annotations = annotations(s);
            Alert existing = active.get(entry.getKey());
            if (existing != null && existing.state() != AlertStatus.RESOLVED) {
                existing.update(annotations, s.value());
                continue;
            }
            Alert a = new Alert(rule.name(), entry.getValue(), annotations, s.value(), AlertStatus.PENDING, ts);
            active.put(entry.getKey(), a);
            born.add(entry.getKey());
        }
        for (var it = active.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            Alert a = entry.getValue();
            if (!labelsByFp.containsKey(entry.getKey())) {
                boolean keepFiring = false;
                if (a.state() == AlertStatus.FIRING && rule.keepFiringFor().compareTo(Duration.ZERO) > 0) {
                    if (a.keepFiringSince() == null) a.keepFiringSince(ts);
                    keepFiring = Duration.between(a.keepFiringSince(), ts).compareTo(rule.keepFiringFor()) < 0;
                }
                boolean wasPending = a.state() == AlertStatus.PENDING;
                if (wasPending || (a.resolvedAt() != null && Duration.between(a.resolvedAt(), ts).compareTo(RESOLVED_RETENTION) > 0)) {
                    it.remove();
                }
                if (a.state() != AlertStatus.RESOLVED && !keepFiring) {
                    a.resolve(ts);
                    transitions.add(new Transition(ts, a.copy(), AlertStatus.RESOLVED));
                }
                if (!keepFiring) continue;
            } else {
                a.keepFiringSince(null);
            }
            if (a.state() == AlertStatus.PENDING && Duration.between(a.activeAt(), ts).compareTo(rule.holdFor()) >= 0) {
                a.fire(ts);
                transitions.add(new Transition(ts, a.copy(), AlertStatus.FIRING));
                born.remove(entry.getKey()); // fired at once (for: 0): one row, firing
            }
        }
        for (String fp : born) {
            transitions.add(0, new Transition(ts, active.get(fp).copy(), AlertStatus.PENDING));
        }
        return new Applied(List.copyOf(transitions), "");
    }

    /** Labels of an instance: the row's, then the rule's (expanded; they win), then {@code alertname}; empty values dropped. */
    private Map<String, String> labels(Evaluation.Sample s) {
        Map<String, String> labels = new TreeMap<>(s.labels());
        rule.labels().forEach((k, t) -> labels.put(k, t.expand(s.labels(), s.value())));
        labels.put("alertname", rule.name());
        labels.values().removeIf(String::isEmpty);
        return labels;
    }

    private Map<String, String> annotations(Evaluation.Sample s) {
        Map<String, String> out = new TreeMap<>();
        rule.annotations().forEach((k, t) -> out.put(k, t.expand(s.labels(), s.value())));
        return out;
    }

    /**
     * The instances to send now (Prometheus's {@code sendAlerts}): firing ones not sent for {@code resendDelay},
     * resolved ones whose resolution has not been sent (then again every {@code resendDelay} while kept). Marks them sent.
     */
    public List<AlertMessage> toSend(Instant ts, Duration resendDelay, Duration interval, String generatorUrl) {
        List<AlertMessage> out = new ArrayList<>();
        Duration delta = interval.compareTo(resendDelay) > 0 ? interval : resendDelay;
        for (Alert a : active.values()) {
            if (!needsSending(a, ts, resendDelay)) continue;
            a.sent(ts, ts.plus(delta.multipliedBy(4))); // allows two failed evaluations or sends before Alertmanager expires it
            boolean resolved = a.state() == AlertStatus.RESOLVED;
            out.add(new AlertMessage(a.fingerprint(), a.labels(), a.annotations(), a.firedAt(),
                    resolved ? a.resolvedAt() : a.validUntil(), generatorUrl, resolved));
        }
        return out;
    }

    private static boolean needsSending(Alert a, Instant ts, Duration resendDelay) {
        if (a.state() == AlertStatus.PENDING) return false;
        if (a.lastSentAt() == null) return true;
        if (a.resolvedAt() != null && a.resolvedAt().isAfter(a.lastSentAt())) return true;
        return a.lastSentAt().plus(resendDelay).isBefore(ts);
    }

    /** Copies of the instances now held: pending, firing, and resolved ones still kept. */
    public List<Alert> alerts() {
        return active.values().stream().map(Alert::copy).toList();
    }

    /** Puts back an instance that was pending or firing before a restart (from {@code stratmon_alerts}). */
    public void restore(Alert a) {
        active.put(a.fingerprint(), a.copy());
    }
}
