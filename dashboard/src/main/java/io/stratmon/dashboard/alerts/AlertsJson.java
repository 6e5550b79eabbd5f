package io.stratmon.dashboard.alerts;

import io.stratmon.dashboard.alerts.AlertStatusSource.ActiveAlert;
import io.stratmon.dashboard.alerts.AlertStatusSource.RuleHealth;
import io.stratmon.dashboard.alerts.AlertStatusSource.Snapshot;
import io.stratmon.dashboard.alerts.AlertStatusSource.State;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the page gets of alerting, as plain maps for JSON: times are epoch milliseconds (null when absent), values
 * that are not finite numbers are null, and each alert and the whole snapshot carry a {@code level}, the colour of
 * the severity: {@code critical} (page or critical, red), {@code warning} (amber) or {@code none}.
 */
public final class AlertsJson {
    private AlertsJson() {}

    /** The colour class of a severity label; case does not matter. */
    public static String level(String severity) {
        String s = severity == null ? "" : severity.strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "page", "critical" -> "critical";
            case "warning" -> "warning";
            default -> "none";
        };
    }

    static int rank(String level) {
        return switch (level) {
            case "critical" -> 2;
            case "warning" -> 1;
            default -> 0;
        };
    }

    /** The snapshot: firing before pending, the most severe first, then the oldest. */
    public static Map<String, Object> snapshot(Snapshot s) {
        List<ActiveAlert> active = new ArrayList<>(s.active() == null ? List.of() : s.active());
        active.removeIf(a -> a == null);
        active.sort(Comparator.comparing((ActiveAlert a) -> a.state() == State.FIRING ? 0 : 1)
                .thenComparing(a -> -rank(level(a.severity())))
                .thenComparing(a -> a.activeAt() == null ? Instant.MAX : a.activeAt())
                .thenComparing(a -> String.valueOf(a.name())));
        String top = "none";
        long firing = 0;
        for (ActiveAlert a : active) {
            if (a.state() != State.FIRING) continue;
            firing++;
            if (rank(level(a.severity())) > rank(top)) top = level(a.severity());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", s.enabled());
        out.put("firing", firing);
        out.put("pending", active.size() - firing);
        out.put("level", top);
        out.put("active", active.stream().map(AlertsJson::alert).toList());
        out.put("rules", (s.rules() == null ? List.<RuleHealth>of() : s.rules()).stream().filter(r -> r != null).map(AlertsJson::rule).toList());
        return out;
    }

    static Map<String, Object> alert(ActiveAlert a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", a.name());
        out.put("fingerprint", a.fingerprint());
        out.put("state", a.state() == State.FIRING ? "firing" : "pending");
        out.put("severity", a.severity() == null ? "" : a.severity());
        out.put("level", level(a.severity()));
        out.put("labels", a.labels() == null ? Map.of() : a.labels());
        out.put("annotations", a.annotations() == null ? Map.of() : a.annotations());
        out.put("value", Double.isFinite(a.value()) ? a.value() : null);
        out.put("activeAt", millis(a.activeAt()));
        out.put("firingSince", millis(a.firingSince()));
        return out;
    }

    static Map<String, Object> rule(RuleHealth r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("group", r.group());
        out.put("name", r.name());
        out.put("health", r.health());
        out.put("lastError", r.lastError() == null ? "" : r.lastError());
        out.put("lastEvaluation", millis(r.lastEvaluation()));
        out.put("lastDurationMs", r.lastDuration() == null ? null : r.lastDuration().toNanos() / 1e6);
        out.put("errorsTotal", r.errorsTotal());
        return out;
    }

    public static Map<String, Object> transition(Transition t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("time", millis(t.time()));
        out.put("alertname", t.alertname());
        out.put("fingerprint", t.fingerprint());
        out.put("state", t.state());
        out.put("severity", t.severity());
        out.put("level", level(t.severity()));
        out.put("labels", t.labels());
        out.put("annotations", t.annotations());
        out.put("value", t.value());
        out.put("summary", t.summary());
        out.put("activeAt", millis(t.activeAt()));
        return out;
    }

    public static Map<String, Object> period(FiringPeriod p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alertname", p.alertname());
        out.put("fingerprint", p.fingerprint());
        out.put("severity", p.severity());
        out.put("level", level(p.severity()));
        out.put("labels", p.labels());
        out.put("from", millis(p.from()));
        out.put("to", millis(p.to()));
        return out;
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }
}
