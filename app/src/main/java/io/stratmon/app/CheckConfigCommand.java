package io.stratmon.app;

import io.stratmon.app.config.ConfigLoader;
import io.stratmon.app.config.EffectiveConfig;
import io.stratmon.app.config.RetentionReport;
import io.stratmon.app.config.StratmonConfig;
import io.stratmon.app.config.TelegrafConfig;
import io.stratmon.shipper.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stratmon check-config FILE}: validate a config file and print what would run, every key with its value
 * (defaults marked {@code # default}, an input's preset values {@code # preset}). Problems are printed one a line as
 * {@code file:line: key: message}. Exit 0 when valid, 2 when not. Then the retention per table ({@link RetentionReport}):
 * the configured QuestDB is asked which tables it has (unless {@code --offline}), as comment lines.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate a stratmon.toml (or, with --telegraf, a telegraf.conf) and print the effective config. "
                + "Every problem is listed with its key and line; exit status 2 when there is any.")
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..1", description = "The config file.")
    Path file;

    @Option(names = "--keys", description = "List every key of stratmon.toml: path, type, default and meaning (no FILE needed).")
    boolean keys;

    @Option(names = "--telegraf", description = "FILE is a Telegraf config (inputs.tail + json parser, ILP output).")
    boolean telegraf;

    @Option(names = "--offline", description = "Do not ask the configured QuestDB which tables it has (the retention per table"
            + " then shows the rules with example names).")
    boolean offline;

    @Option(names = "--state-dir", defaultValue = "stratmon-data/state", description = "State dir used with --telegraf. Default: ${DEFAULT-VALUE}.")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
        if (keys) {
            System.out.print(EffectiveConfig.keys());
            return 0;
        }
        if (file == null) throw new IllegalArgumentException("check-config needs a FILE (or --keys)");
        try {
            return check();
        } catch (ConfigException e) {
            System.err.println("error: " + e.source() + " is not valid (" + e.problems().size() + (e.problems().size() == 1 ? " problem):" : " problems):"));
            e.messages().forEach(System.err::println);
            return 2;
        }
    }

    private int check() throws Exception {
        String effective;
        List<String> warnings;
        String retention = "";
        if (telegraf) {
            TelegrafConfig.Result r = TelegrafConfig.load(file, System.getenv(), stateDir);
            effective = EffectiveConfig.toml(r.shipper());
            warnings = r.warnings();
        } else {
            // Inputs are optional here: `up` runs without them (a central host); ship, preview and dead-letters say so.
            StratmonConfig c = ConfigLoader.load(file, System.getenv(), false);
            warnings = new java.util.ArrayList<>(c.warnings());
            if (c.alerts().enabled() && !hasAlertEngine()) {
                warnings.add(file + ": alerts.rules: the rule files are not checked by stratmon-agent.jar (no alert engine in it); stratmon.jar check-config checks them");
            } else if (c.alerts().enabled()) {
                var rules = Alerting.loadRules(c.alerts().rules(), DemoCommand.baseDir(file));
                if (!rules.ok()) throw new IllegalArgumentException(file + ": [alerts] rule files have problems:\n  " + String.join("\n  ", rules.problems()));
            }
            effective = EffectiveConfig.toml(c);
            if (c.shipper().inputs().isEmpty()) {
                warnings.add(file + ": inputs: none: `stratmon up` runs QuestDB, the dashboard and the alerts and ships nothing itself;"
                        + " `stratmon ship`, `preview` and `dead-letters` need at least one [[inputs]]");
            }
            RetentionReport.Lookup lookup = offline ? new RetentionReport.Lookup.NotAsked("not asking QuestDB (--offline)") : RetentionReport.ask(c);
            retention = RetentionReport.text(c.shipper().retention(), lookup);
        }
        for (String w : warnings) System.err.println("warning: " + w);
        System.out.println("# " + file + " is valid. Effective configuration:");
        System.out.print(effective);
        System.out.print(retention);
        return 0;
    }

    /** Whether this jar has the alerts module (stratmon.jar does; stratmon-agent.jar has only its config record). */
    private static boolean hasAlertEngine() {
        return CheckConfigCommand.class.getClassLoader().getResource("io/stratmon/alerts/RuleLoader.class") != null;
    }
}
