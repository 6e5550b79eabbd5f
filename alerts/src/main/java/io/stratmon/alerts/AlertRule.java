package io.stratmon.alerts;

import java.time.Duration;
import java.util.Map;

/**
 * One alerting rule of a rule file: every row {@code expr} returns is one alert instance. Data only; built by
 * {@link RuleLoader}, which has checked every field.
 *
 * @param group         the rule group's name
 * @param name          the {@code alert:} name, also the {@code alertname} label
 * @param expr          one QuestDB SELECT
 * @param holdFor       {@code for:} how long an instance stays pending before it fires (zero: fires at once)
 * @param keepFiringFor {@code keep_firing_for:} how long a firing instance keeps firing after its row is gone
 * @param labels        extra labels (templates), added to the row's own
 * @param annotations   annotations (templates), e.g. {@code summary}
 * @param noData        what a missing or empty table means
 * @param source        {@code file:line} of the rule, for messages
 */
public record AlertRule(String group, String name, String expr, Duration holdFor, Duration keepFiringFor,
                        Map<String, Template> labels, Map<String, Template> annotations, NoData noData, String source) {

    /** What to do when a table the rule reads does not exist or has no rows (Grafana's {@code noDataState}). */
    public enum NoData {
        /** Nothing fires (the default). */
        OK,
        /** One instance with the rule's labels fires (after {@code for}): "no heartbeat at all" pages. */
        FIRING,
        /** The evaluation counts as failed: the rule is in error and the meta-rule may fire. */
        ERROR;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A rule for tests: no labels or annotations, {@code no_data: ok}. */
    public static AlertRule of(String name, String expr, Duration holdFor) {
        return new AlertRule("test", name, expr, holdFor, Duration.ZERO, Map.of(), Map.of(), NoData.OK, "test");
    }

    public AlertRule withKeepFiringFor(Duration d) {
        return new AlertRule(group, name, expr, holdFor, d, labels, annotations, noData, source);
    }

    public AlertRule withNoData(NoData n) {
        return new AlertRule(group, name, expr, holdFor, keepFiringFor, labels, annotations, n, source);
    }

    public AlertRule withLabels(Map<String, Template> l) {
        return new AlertRule(group, name, expr, holdFor, keepFiringFor, Map.copyOf(l), annotations, noData, source);
    }

    public AlertRule withAnnotations(Map<String, Template> a) {
        return new AlertRule(group, name, expr, holdFor, keepFiringFor, labels, Map.copyOf(a), noData, source);
    }
}
