package io.stratmon.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The result of running one rule's query once: the rows as samples, or "no data", or an error.
 *
 * @param at      the evaluation time (the clock's instant when the query started)
 * @param samples one per returned row (empty unless {@link Outcome#OK})
 * @param error   why it failed, or "" when it did not
 * @param took    how long the query took
 */
public record Evaluation(AlertRule rule, Instant at, Outcome outcome, List<Sample> samples, String error, Duration took) {
    public enum Outcome {
        /** The query ran: each sample is an instance (none: nothing fires). */
        OK,
        /** A table the rule reads is missing or empty; the rule's {@code no_data} says what that means. */
        NO_DATA,
        /** The query failed, timed out, or returned more rows than the cap: no instance changes. */
        ERROR
    }

    /** One returned row: its non-numeric columns as labels, and its value. */
    public record Sample(Map<String, String> labels, double value) {
        public Sample {
            labels = Map.copyOf(labels);
        }
    }

    public static Evaluation ok(AlertRule rule, Instant at, List<Sample> samples, Duration took) {
        return new Evaluation(rule, at, Outcome.OK, List.copyOf(samples), "", took);
    }

    public static Evaluation noData(AlertRule rule, Instant at, String why, Duration took) {
        return new Evaluation(rule, at, Outcome.NO_DATA, List.of(), why, took);
    }

    public static Evaluation error(AlertRule rule, Instant at, String error, Duration took) {
        return new Evaluation(rule, at, Outcome.ERROR, List.of(), error, took);
    }

    public boolean failed() {
        return outcome == Outcome.ERROR || (outcome == Outcome.NO_DATA && rule.noData() == AlertRule.NoData.ERROR);
    }
}
