package io.stratmon.dashboard.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard shows of alerting: the alerts active now and the health of each rule. The dashboard does not
 * depend on the alerts module; {@code app} adapts the alert engine to this interface. History (every transition) is
 * read by the dashboard from the QuestDB table {@code stratmon_alerts}, whose columns are listed in {@link #TABLE}.
 *
 * <p>Implementations must be cheap and thread-safe: {@link #snapshot()} is called for every page load and SSE tick.
 */
@FunctionalInterface
public interface AlertStatusSource {
    /**
     * The alert-transition table the alerts module writes (one row per pending / firing / resolved transition):
     * {@code timestamp TIMESTAMP (designated), alertname SYMBOL, fingerprint SYMBOL, state SYMBOL (pending|firing|resolved),
     * severity SYMBOL, labels VARCHAR (JSON object), annotations VARCHAR (JSON object), value DOUBLE, summary VARCHAR,
     * active_at TIMESTAMP (when the instance first became pending)}.
     */
    String TABLE = "stratmon_alerts";

    /** Alerting is not configured: nothing active, no rules. */
    AlertStatusSource NONE = () -> new Snapshot(false, List.of(), List.of());

    Snapshot snapshot();

    /** @param enabled false when no rules are loaded (the dashboard then hides the badge) */
    record Snapshot(boolean enabled, List<ActiveAlert> active, List<RuleHealth> rules) {
        public long firing() {
            return active.stream().filter(a -> a.state() == State.FIRING).count();
        }
    }

    enum State { PENDING, FIRING }

    /**
     * One alert instance that is pending or firing now.
     *
     * @param severity the {@code severity} label, or "" when the rule has none
     * @param activeAt when it first became pending (Prometheus's {@code activeAt})
     * @param firingSince when it started firing, or null while pending
     */
    record ActiveAlert(String name, String fingerprint, State state, String severity, Map<String, String> labels,
                       Map<String, String> annotations, double value, Instant activeAt, Instant firingSince) {}

    /**
     * One rule's last evaluation.
     *
     * @param health "ok", "error" or "unknown" (not yet evaluated), as Prometheus's rule health
     * @param lastError the last error message, or "" when healthy
     * @param errorsTotal evaluations that failed since start
     */
    record RuleHealth(String group, String name, String health, String lastError, Instant lastEvaluation,
                      Duration lastDuration, long errorsTotal) {}
}
