package io.stratmon.dashboard.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * One row of {@link AlertStatusSource#TABLE}: an alert instance became pending, firing or resolved.
 *
 * @param value null when the row has none (or it is not a finite number)
 * @param activeAt null when the row has none
 */
public record Transition(Instant time, String alertname, String fingerprint, String state, String severity,
                         Map<String, String> labels, Map<String, String> annotations, Double value, String summary,
                         Instant activeAt) {
    public static final String FIRING = "firing";

    public boolean isFiring() {
        return FIRING.equalsIgnoreCase(state);
    }
}
