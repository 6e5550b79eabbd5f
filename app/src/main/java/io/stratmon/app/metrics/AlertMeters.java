package io.stratmon.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.stratmon.alerts.Alert;
import io.stratmon.alerts.AlertEngine;
import io.stratmon.alerts.AlertStatus;
import io.stratmon.alerts.AlertRule;
import io.stratmon.alerts.RuleGroup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The alert engine as Prometheus meters: {@code stratmon_alerts{alertname, alertstate}} (instances pending and firing
 * per rule, as Prometheus's own {@code ALERTS}, but counted: instance labels are left out so the series stay bounded by
 * the rule files), rule evaluation time per group ({@code stratmon_alert_rule_evaluation_duration_seconds}), and
 * evaluations and failures per group. Not in the agent jar (ship evaluates no rules).
 */
public final class AlertMeters implements MeterBinder, StratmonMetrics.Refreshing, AutoCloseable {
    static final Duration[] EVALUATION_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final AlertEngine engine;
    private MultiGauge alerts;

    public AlertMeters(AlertEngine engine) {
        this.engine = engine;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Map<String, Timer> timers = new LinkedHashMap<>();
        Map<String, Counter> failures = new LinkedHashMap<>();
        for (RuleGroup g : engine.groups()) {
            timers.put(g.name(), Timer.builder("stratmon.alert.rule.evaluation.duration")
                    .description("how long one rule's query and state update took, by rule group")
                    .tag("rule_group", g.name()).serviceLevelObjectives(EVALUATION_BUCKETS).register(registry));
            failures.put(g.name(), Counter.builder("stratmon.alert.rule.evaluation.failures")
                    .description("rule evaluations that failed (query error, timeout, bad rows), by rule group")
                    .tag("rule_group", g.name()).register(registry));
        }
        engine.onEvaluation((group, rule, took, failed) -> {
            Timer t = timers.get(group);
            if (t != null) t.record(took);
            Counter f = failures.get(group);
            if (failed && f != null) f.increment();
        });
        Gauge.builder("stratmon.alert.rules", engine, e -> e.groups().stream().mapToInt(g -> g.rules().size()).sum())
                .description("alert rules loaded").register(registry);
        Gauge.builder("stratmon.alert.rules.failing", engine, e -> e.snapshot().rules().stream().filter(h -> h.health().equals("error")).count())
                .description("rules whose last evaluation failed").register(registry);
        Gauge.builder("stratmon.alert.last.evaluation.age.seconds", engine, e -> (System.nanoTime() - e.lastTickNanos()) / 1e9)
                .description("seconds since the evaluator last finished a rule group").register(registry);
        alerts = MultiGauge.builder("stratmon.alerts").description("alert instances by rule and state (pending, firing)").register(registry);
        refresh();
    }

    @Override
    public void refresh() {
        Map<String, int[]> byRule = new LinkedHashMap<>();
        for (RuleGroup g : engine.groups()) for (AlertRule r : g.rules()) byRule.put(r.name(), new int[2]);
        byRule.putIfAbsent(AlertEngine.META_RULE, new int[2]);
        for (Alert a : engine.snapshot().alerts()) {
            int[] n = byRule.computeIfAbsent(a.name(), k -> new int[2]);
            if (a.state() == AlertStatus.PENDING) n[0]++;
            else if (a.state() == AlertStatus.FIRING) n[1]++;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        byRule.forEach((name, n) -> {
            rows.add(MultiGauge.Row.of(Tags.of("alertname", name, "alertstate", "pending"), n[0]));
            rows.add(MultiGauge.Row.of(Tags.of("alertname", name, "alertstate", "firing"), n[1]));
        });
        alerts.register(rows, true);
    }

    /**
     * {@code /health}: the evaluator ticks. Fails when no group finished within three times the longest group interval
     * (and at least 60 s: a slow query may take its whole timeout).
     */
    public static Supplier<Probe.Check> health(AlertEngine engine) {
        return () -> {
            long limit = Math.max(60, engine.longestInterval().multipliedBy(3).toSeconds());
            long age = (System.nanoTime() - engine.lastTickNanos()) / 1_000_000_000L;
            return age > limit ? Probe.Check.fail("alerts", "the rule evaluator has not ticked for " + age + " s (limit " + limit + " s)")
                    : Probe.Check.pass("alerts", "rule evaluator ticking [last_tick_s=" + age + "]");
        };
    }

    @Override
    public void close() {
        engine.onEvaluation(AlertEngine.EvaluationListener.NONE);
    }
}
