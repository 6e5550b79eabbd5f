package io.stratmon.app;

import io.stratmon.alerts.AlertRule;
import io.stratmon.alerts.BuiltinRules;
import io.stratmon.alerts.RuleLoader;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code stratmon alerts check|test|builtin}: validate rule files, unit-test them, print the built-in ones. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Alert rules: check rule files, test them on input lines, print the built-in rules.",
        subcommands = {AlertsCommand.Check.class, AlertsCommand.Test.class, AlertsCommand.Builtin.class})
final class AlertsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate rule files: YAML shape, durations, templates; with --questdb, QuestDB compiles each expr (EXPLAIN).",
                    "Exit status 0 when valid, 2 with every problem listed (file:line: rule: what)."})
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Rule files (YAML), or 'builtin'.")
        List<String> files;

        @Option(names = "--questdb", paramLabel = "URL", description = "A QuestDB HTTP URL (e.g. http://127.0.0.1:7301) to compile each expr with EXPLAIN.")
        String questdb;

        @Option(names = "--user", description = "QuestDB HTTP user (http.user), if it requires one.")
        String user;

        @Option(names = "--password", description = "QuestDB HTTP password (or set QUESTDB_PASSWORD).", defaultValue = "${env:QUESTDB_PASSWORD}")
        String password;

        @Option(names = "--credentials", paramLabel = "FILE",
                description = "The login file of a QuestDB that stratmon embeds, e.g. stratmon-data/questdb/credentials (instead of --user/--password).")
        Path credentials;

        @Override
        public Integer call() throws Exception {
            RuleLoader.Result r = Alerting.loadRules(files, Path.of("."));
            List<String> problems = new ArrayList<>(r.problems());
            List<String> notes = new ArrayList<>();
            if (questdb != null && r.ok()) {
                if (credentials != null) {
                    io.stratmon.store.QuestDbCredentials c = io.stratmon.store.QuestDbCredentials.read(credentials);
                    user = c.user();
                    password = c.password();
                }
                SqlClient sql = SqlClient.connect(questdb, user, password);
                for (AlertRule rule : r.rules()) {
                    try {
                        sql.query("EXPLAIN SELECT * FROM (" + rule.expr() + ") LIMIT 1");
                    } catch (SqlException e) {
                        if (e.isUnreachable()) {
                            problems.add("--questdb " + questdb + ": QuestDB is unreachable [error=" + e.getMessage() + "]");
                            break;
                        }
                        if (e.httpStatus() == 401) {
                            problems.add("--questdb " + questdb + ": QuestDB asks for a login (HTTP 401): pass --credentials "
                                    + "stratmon-data/questdb/credentials for stratmon's embedded QuestDB, or --user with QUESTDB_PASSWORD");
                            break;
                        }
                        String m = String.valueOf(e.getMessage());
                        if (m.contains("table does not exist")) notes.add(rule.source() + ": rule " + rule.name() + ": " + m + " (no data until it does)");
                        else problems.add(rule.source() + ": rule " + rule.name() + ": expr: QuestDB refuses it: " + m);
                    }
                }
            }
            notes.forEach(n -> System.err.println("note: " + n));
            if (!problems.isEmpty()) {
                problems.forEach(p -> System.err.println("error: " + p));
                System.err.println(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in " + String.join(", ", files));
                return 2;
            }
            System.out.println("ok: " + r.rules().size() + " rules in " + r.groups().size() + " groups"
                    + (questdb != null ? ", every expr compiled by QuestDB" : " (add --questdb URL to compile each expr)"));
            return 0;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Test rules as promtool test rules does: input log lines are shipped into an embedded QuestDB, the rules are "
                    + "evaluated, and the firing alerts are compared with the expected ones (format: docs/alerts.md).",
                    "Exit status 0 when every test passes, 1 with a diff when one fails, 2 when a file is invalid."})
    static final class Test implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Rule test files (YAML).")
        List<Path> files;

        @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the temporary QuestDB lives. Default: the system temp dir.")
        Path workDir;

        @Override
        public Integer call() throws Exception {
            Path dir = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"));
            java.nio.file.Files.createDirectories(dir);
            RuleTestRunner runner = new RuleTestRunner(dir);
            int failed = 0;
            for (Path f : files) {
                RuleTestRunner.Outcome o = runner.run(f);
                if (o.failures().isEmpty()) {
                    System.out.println("PASS " + f + " (" + o.tests() + " test" + (o.tests() == 1 ? "" : "s") + ")");
                } else {
                    failed++;
                    System.out.println("FAIL " + f);
                    o.failures().forEach(x -> System.out.println("  " + x));
                }
            }
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "builtin", mixinStandardHelpOptions = true,
            description = "Print the built-in rule file (the demo strategy's rules), to copy: stratmon alerts builtin > alerts/strategy.yml")
    static final class Builtin implements Callable<Integer> {
        @Option(names = "--tests", description = "Print the built-in rules' test file instead.")
        boolean tests;

        @Override
        public Integer call() {
            System.out.print(tests ? BuiltinRules.tests() : BuiltinRules.text());
            return 0;
        }
    }
}
