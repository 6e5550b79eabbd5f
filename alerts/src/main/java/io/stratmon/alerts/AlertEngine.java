package io.stratmon.alerts;

import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Evaluates rule groups on a schedule, records transitions in {@code stratmon_alerts}, hands messages to the
 * notifiers, and keeps a {@link Snapshot} for the dashboard. A rule that keeps failing makes the built-in meta-rule
 * {@value #META_RULE} fire (labels {@code rulegroup}, {@code rulename}).
 *
 * <pre>{@code
 * RuleLoader.Result rules = RuleLoader.load(files);
 * try (AlertEngine engine = AlertEngine.create(config, rules.groups(), sqlClient)) {
 *     engine.start();
 *     engine.snapshot().alerts();   // pending and firing now
 * }
 * }</pre>
 */
public final class AlertEngine implements AutoCloseable {
    public static final String META_RULE = "AlertRuleFailing";
    public static final String META_GROUP = "stratmon";
    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);

    /** One rule's last evaluation, as Prometheus's rule health. */
    public record RuleHealth(String group, String name, String health, String lastError, Instant lastEvaluation,
                             Duration lastDuration, long errorsTotal) {}

    /** @param alerts pending and firing instances now (resolved ones are left out) */
    public record Snapshot(List<Alert> alerts, List<RuleHealth> rules, List<Notifier.Status> notifiers, long storeErrors) {}

    /** Told of every rule evaluation (for a metrics registry's histogram); called on the evaluating thread, must not throw. */
    @FunctionalInterface
    public interface EvaluationListener {
        EvaluationListener NONE = (group, rule, took, failed) -> {};

        void evaluated(String group, String rule, Duration took, boolean failed);
    }

    private static final class Runtime {
        final RuleGroup group;
        final AlertState state;
        volatile RuleHealth health;
        int consecutiveFailures;

        Runtime(RuleGroup group, AlertRule rule) {
            this.group = group;
            this.state = new AlertState(rule);
            this.health = new RuleHealth(group.name(), rule.name(), "unknown", "", null, Duration.ZERO, 0);
        }
    }

    private final AlertsConfig config;
    private final List<RuleGroup> groups;
    private final RuleEvaluator evaluator;
    private final AlertStore store;
    private final Clock clock;
    private final List<Notifier> notifiers;
    private final Map<AlertRule, Runtime> runtimes = new LinkedHashMap<>();
    private final AlertState meta;
    private final AtomicLong storeErrors = new AtomicLong();
    private final String generatorUrl;
    private volatile boolean restored;
    private volatile Snapshot snapshot = new Snapshot(List.of(), List.of(), List.of(), 0);
    private ScheduledExecutorService scheduler;
    private volatile EvaluationListener listener = EvaluationListener.NONE;
    private volatile long lastTickNanos = System.nanoTime();

    public AlertEngine(AlertsConfig config, List<RuleGroup> groups, QueryRunner sql, Clock clock, List<Notifier> notifiers) {
        this.config = config;
        this.groups = List.copyOf(groups);
        this.evaluator = new RuleEvaluator(sql, clock, config.queryTimeout(), config.maxRows());
        this.store = new AlertStore(sql);
        this.clock = clock;
        this.notifiers = List.copyOf(notifiers);
        for (RuleGroup g : groups) for (AlertRule r : g.rules()) runtimes.put(r, new Runtime(g, r));
        this.meta = new AlertState(metaRule());
        String base = config.externalUrl().endsWith("/") ? config.externalUrl().substring(0, config.externalUrl().length() - 1) : config.externalUrl();
        this.generatorUrl = base + "/#alerts";
        rebuildSnapshot();
    }

    /** An engine on the system clock with a notifier for each configured Alertmanager and webhook. */
    public static AlertEngine create(AlertsConfig config, List<RuleGroup> groups, SqlClient sql) {
        List<Notifier> notifiers = new ArrayList<>();
        config.alertmanagers().forEach(u -> notifiers.add(Notifier.alertmanager(u, config.externalUrl())));
        config.webhooks().forEach(u -> notifiers.add(Notifier.webhook(u, config.externalUrl())));
        return new AlertEngine(config, groups, QueryRunner.of(sql), Clock.systemUTC(), notifiers);
    }

    static AlertRule metaRule() {
        return new AlertRule(META_GROUP, META_RULE, "(built in: a rule failed failing_after evaluations in a row)", Duration.ZERO, Duration.ZERO,
                Map.of("severity", Template.compile("warning")),
                Map.of("summary", Template.compile("alert rule {{ $labels.rulename }} (group {{ $labels.rulegroup }}) failed {{ $value }} evaluations in a row"),
                        "description", Template.compile("The rule's last error is on the dashboard's Alerts view (rule health) and in stratmon's log.")),
                AlertRule.NoData.OK, "built-in");
    }

    public List<RuleGroup> groups() {
        return groups;
    }

    /** Creates the table, restores the state of before a restart, and schedules every group. */
    public synchronized void start() {
        tryRestore();
        scheduler = Executors.newScheduledThreadPool(Math.max(1, Math.min(2, groups.size())), r -> {
            Thread t = new Thread(r, "stratmon-alerts");
            t.setDaemon(true);
            return t;
        });
        for (RuleGroup g : groups) {
            long every = g.intervalOr(config.evaluationInterval()).toMillis();
            scheduler.scheduleAtFixedRate(() -> {
                try {
                    evaluate(g);
                } catch (RuntimeException e) {
                    log.error("Alert group evaluation failed [group={}]", g.name(), e);
                }
            }, 0, every, TimeUnit.MILLISECONDS);
        }
        log.info("Alerting started [groups={}, rules={}, notifiers={}]", groups.size(), runtimes.size(), notifiers.size());
    }

    private void tryRestore() {
        if (restored) return;
        try {
            store.createTable();
            List<Alert> alerts = store.restore();
            int n = 0;
            for (Alert a : alerts) {
                Runtime rt = runtimes.values().stream().filter(r -> r.state.rule().name().equals(a.name())).findFirst().orElse(null);
                if (rt == null) continue;
                synchronized (rt) {
                    rt.state.restore(a);
                }
                n++;
            }
            restored = true;
            if (n > 0) log.info("Restored alerts from {} [alerts={}]", AlertStore.TABLE, n);
        } catch (SqlException e) {
            log.warn("Cannot restore alert state yet; will retry at the next evaluation [error={}]", e.getMessage());
        }
    }

    /** Evaluates every rule of the group once, now (the scheduler calls this; tests may too). */
    public void evaluate(RuleGroup group) {
        tryRestore();
        Duration interval = group.intervalOr(config.evaluationInterval());
        List<Transition> transitions = new ArrayList<>();
        List<AlertMessage> messages = new ArrayList<>();
        for (AlertRule rule : group.rules()) {
            Runtime rt = runtimes.get(rule);
            Evaluation e = evaluator.evaluate(rule);
            synchronized (rt) {
                AlertState.Applied applied = rt.state.apply(e);
                String error = e.outcome() == Evaluation.Outcome.ERROR ? e.error()
                        : e.failed() ? "no data: " + e.error() : applied.error();
                boolean failed = !error.isEmpty();
                rt.consecutiveFailures = failed ? rt.consecutiveFailures + 1 : 0;
                RuleHealth h = rt.health;
                rt.health = new RuleHealth(group.name(), rule.name(), failed ? "error" : "ok", error, e.at(), e.took(),
                        h.errorsTotal() + (failed ? 1 : 0));
                if (failed && !error.equals(h.lastError())) log.warn("Alert rule failed [group={}, rule={}, error={}]", group.name(), rule.name(), error);
                listener.evaluated(group.name(), rule.name(), e.took(), failed);
                transitions.addAll(applied.transitions());
                messages.addAll(rt.state.toSend(e.at(), config.resendDelay(), interval, generatorUrl));
            }
        }
        evaluateMeta(interval, transitions, messages);
        for (Transition t : transitions) {
            log.info("Alert {} [alert={}, labels={}, value={}]", t.state().key(), t.alert().name(), t.alert().labels(), Template.goFloat(t.alert().value()));
        }
        try {
            store.write(transitions);
        } catch (SqlException e) {
            storeErrors.incrementAndGet();
            log.warn("Cannot record alert transitions in {} [transitions={}, error={}]", AlertStore.TABLE, transitions.size(), e.getMessage());
        }
        for (Notifier n : notifiers) n.send(messages);
        rebuildSnapshot();
        lastTickNanos = System.nanoTime();
    }

    /** Attaches the listener told of each rule evaluation (replacing the previous one). */
    public void onEvaluation(EvaluationListener value) {
        listener = value == null ? EvaluationListener.NONE : value;
    }

    /** {@link System#nanoTime()} of the end of the latest group evaluation, or of construction (liveness: {@code /health}). */
    public long lastTickNanos() {
        return lastTickNanos;
    }

    /** The longest evaluation interval of any group: how often the evaluator must tick at least. */
    public Duration longestInterval() {
        return groups.stream().map(g -> g.intervalOr(config.evaluationInterval())).max(Duration::compareTo)
                .orElse(config.evaluationInterval());
    }

    private void evaluateMeta(Duration interval, List<Transition> transitions, List<AlertMessage> messages) {
        synchronized (meta) {
            List<Evaluation.Sample> samples = new ArrayList<>();
            for (Runtime rt : runtimes.values()) {
                if (rt.consecutiveFailures >= config.failingAfter()) {
                    samples.add(new Evaluation.Sample(Map.of("rulegroup", rt.group.name(), "rulename", rt.state.rule().name()),
                            rt.consecutiveFailures));
                }
            }
            Instant now = clock.instant();
            AlertState.Applied a = meta.apply(Evaluation.ok(meta.rule(), now, samples, Duration.ZERO));
            transitions.addAll(a.transitions());
            messages.addAll(meta.toSend(now, config.resendDelay(), interval, generatorUrl));
        }
    }

    private void rebuildSnapshot() {
        List<Alert> alerts = new ArrayList<>();
        List<RuleHealth> health = new ArrayList<>();
        for (Runtime rt : runtimes.values()) {
            synchronized (rt) {
                rt.state.alerts().stream().filter(a -> a.state() != AlertStatus.RESOLVED).forEach(alerts::add);
                health.add(rt.health);
            }
        }
        synchronized (meta) {
            meta.alerts().stream().filter(a -> a.state() != AlertStatus.RESOLVED).forEach(alerts::add);
        }
        alerts.sort(Comparator.comparing(Alert::name).thenComparing(Alert::fingerprint));
        snapshot = new Snapshot(List.copyOf(alerts), List.copyOf(health), notifiers.stream().map(Notifier::status).toList(), storeErrors.get());
    }

    /** The latest state: cheap, thread-safe (rebuilt after each group evaluation). */
    public Snapshot snapshot() {
        Snapshot s = snapshot;
        return new Snapshot(s.alerts(), s.rules(), notifiers.stream().map(Notifier::status).toList(), s.storeErrors());
    }

    /** Stops evaluating; notifiers send what they still hold, briefly. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        notifiers.forEach(Notifier::close);
    }
}
