package io.stratmon.dashboard.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A time an alert instance was firing, drawn as a shaded band on the time-series panels.
 *
 * @param from when it started firing, or the range's start when it was already firing then
 * @param to when it resolved, or null while it is still firing (an open band reaches up to now)
 */
public record FiringPeriod(String alertname, String fingerprint, String severity, Map<String, String> labels,
                           Instant from, Instant to) {

    /**
     * The firing periods inside {@code [from, to]}: per fingerprint, from a {@code firing} row to the next row that is
     * not firing (resolved; a pending after firing is taken as an end too). Repeated firing rows (a restart restoring
     * its state) extend the period instead of starting another.
     *
     * @param before the last transition of each fingerprint before {@code from}, to know what was firing already
     * @param within the transitions in {@code [from, to]}, oldest first
     */
    public static List<FiringPeriod> of(List<Transition> before, List<Transition> within, Instant from) {
        Map<String, Transition> open = new HashMap<>();
        Map<String, Instant> openSince = new HashMap<>();
        for (Transition t : before) {
            if (t.isFiring()) {
                open.put(t.fingerprint(), t);
                openSince.put(t.fingerprint(), from);
            }
        }
        List<FiringPeriod> periods = new ArrayList<>();
        for (Transition t : within) {
            String key = t.fingerprint();
            if (t.isFiring()) {
                if (!open.containsKey(key)) openSince.put(key, t.time());
                open.put(key, t);
            } else if (open.containsKey(key)) {
                Transition firing = open.remove(key);
                periods.add(new FiringPeriod(firing.alertname(), key, firing.severity(), firing.labels(), openSince.remove(key), t.time()));
            }
        }
        open.forEach((key, firing) -> periods.add(new FiringPeriod(firing.alertname(), key, firing.severity(), firing.labels(),
                openSince.get(key), null)));
        periods.sort(Comparator.comparing(FiringPeriod::from).thenComparing(FiringPeriod::fingerprint));
        return periods;
    }
}
