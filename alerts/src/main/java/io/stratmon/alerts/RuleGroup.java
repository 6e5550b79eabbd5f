package io.stratmon.alerts;

import java.time.Duration;
import java.util.List;

/**
 * A named group of rules evaluated together, one after the other, every {@code interval}.
 *
 * @param interval null when the file gives none: {@code [alerts] evaluation_interval} applies
 * @param source   {@code file:line} of the group
 */
public record RuleGroup(String name, Duration interval, List<AlertRule> rules, String source) {
    public RuleGroup {
        rules = List.copyOf(rules);
    }

    public Duration intervalOr(Duration defaultInterval) {
        return interval != null ? interval : defaultInterval;
    }
}
