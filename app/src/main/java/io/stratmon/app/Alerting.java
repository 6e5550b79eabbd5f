package io.stratmon.app;

import io.stratmon.alerts.Alert;
import io.stratmon.alerts.AlertEngine;
import io.stratmon.alerts.AlertStatus;
import io.stratmon.alerts.AlertsConfig;
import io.stratmon.alerts.BuiltinRules;
import io.stratmon.alerts.RuleGroup;
import io.stratmon.alerts.RuleLoader;
import io.stratmon.dashboard.alerts.AlertStatusSource;
import io.stratmon.sql.SqlClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert engine as {@code up} and {@code demo} run it: rule files loaded (every problem listed, nothing starts),
 * the engine started, and its state adapted to the dashboard's {@link AlertStatusSource}.
 */
final class Alerting implements AutoCloseable {
    /** A {@code rules} entry meaning the rule file shipped in the jar (the demo strategy's rules). */
    static final String BUILTIN = "builtin";

    private final AlertEngine engine;

    private Alerting(AlertEngine engine) {
        this.engine = engine;
    }

    /** Loads the rules the globs name (relative to {@code baseDir}; {@value #BUILTIN} is the built-in file). */
    static RuleLoader.Result loadRules(List<String> globs, Path baseDir) {
        List<String> problems = new ArrayList<>();
        List<String> fileGlobs = globs.stream().filter(g -> !g.equals(BUILTIN)).toList();
        List<Path> files = RuleLoader.expand(fileGlobs, baseDir, problems);
        RuleLoader.Result fromFiles = RuleLoader.load(files);
        List<RuleGroup> groups = new ArrayList<>();
        if (globs.contains(BUILTIN)) {
            RuleLoader.Result builtin = BuiltinRules.load();
            groups.addAll(builtin.groups());
            problems.addAll(builtin.problems());
        }
        groups.addAll(fromFiles.groups());
        problems.addAll(fromFiles.problems());
        List<String> names = new ArrayList<>();
        for (RuleGroup g : groups) {
            if (names.contains(g.name())) problems.add(g.source() + ": group " + g.name() + ": the name is taken by another group");
            names.add(g.name());
        }
        return new RuleLoader.Result(List.copyOf(groups), List.copyOf(problems));
    }

    /** Starts alerting, or throws IllegalArgumentException listing every problem of the rule files. */
    static Alerting start(AlertsConfig config, Path baseDir, SqlClient sql) {
        RuleLoader.Result rules = loadRules(config.rules(), baseDir);
        if (!rules.ok()) {
            throw new IllegalArgumentException("alert rules have problems, nothing started:\n  " + String.join("\n  ", rules.problems()));
        }
        AlertEngine engine = AlertEngine.create(config, rules.groups(), sql);
        engine.start();
        return new Alerting(engine);
    }

    AlertEngine engine() {
        return engine;
    }

    /** What the dashboard shows: active alerts and rule health, from the engine's latest snapshot. */
    AlertStatusSource source() {
        return () -> {
            AlertEngine.Snapshot s = engine.snapshot();
            List<AlertStatusSource.ActiveAlert> active = new ArrayList<>();
            for (Alert a : s.alerts()) {
                if (a.state() == AlertStatus.RESOLVED) continue;
                active.add(new AlertStatusSource.ActiveAlert(a.name(), a.fingerprint(),
                        a.state() == AlertStatus.FIRING ? AlertStatusSource.State.FIRING : AlertStatusSource.State.PENDING,
                        a.severity(), a.labels(), a.annotations(), a.value(), a.activeAt(), a.firedAt()));
            }
            List<AlertStatusSource.RuleHealth> rules = s.rules().stream().map(h -> new AlertStatusSource.RuleHealth(h.group(), h.name(),
                    h.health(), h.lastError(), h.lastEvaluation(), h.lastDuration(), h.errorsTotal())).toList();
            return new AlertStatusSource.Snapshot(true, List.copyOf(active), rules);
        };
    }

    /** One line per target for the start-up banner. */
    List<String> describe(AlertsConfig config) {
        List<String> lines = new ArrayList<>();
        int rules = engine.groups().stream().mapToInt(g -> g.rules().size()).sum();
        lines.add(rules + " rules in " + engine.groups().size() + " groups, every " + io.stratmon.sql.Durations.format(config.evaluationInterval())
                + " unless a group says otherwise");
        config.alertmanagers().forEach(u -> lines.add("to Alertmanager " + u));
        config.webhooks().forEach(u -> lines.add("to webhook " + u));
        return lines;
    }

    @Override
    public void close() {
        engine.close();
    }
}
