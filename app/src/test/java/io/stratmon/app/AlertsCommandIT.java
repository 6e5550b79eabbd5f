package io.stratmon.app;

import io.stratmon.alerts.BuiltinRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code stratmon alerts check|test|builtin} end to end: the real shipper, an embedded QuestDB, the built-in rules. */
class AlertsCommandIT {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static synchronized Run run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void alerts_test_passes_on_the_builtin_rules_tests() throws Exception {
        Path tests = dir.resolve("strategy.test.yml");
        Files.writeString(tests, BuiltinRules.tests());
        Run r = run("alerts", "test", "--work-dir", dir.resolve("work").toString(), tests.toString());
        assertThat(r.out()).as(r.out() + r.err()).contains("PASS " + tests + " (4 tests)").doesNotContain("FAIL");
        assertThat(r.exit()).isZero();
    }

    @Test
    void alerts_test_fails_with_a_readable_diff_on_a_wrong_expectation() throws Exception {
        Path tests = dir.resolve("wrong.test.yml");
        Files.writeString(tests, """
                rule_files: [builtin]
                tests:
                  - name: wrong symbol
                    input:
                      - '@-30s..40s/1s {"event":"price","level":"INFO","symbol":"BTC-USD","bid":1.0,"ask":1.1,"last":1.05}'
                      - '@-30s..0s/1s {"event":"price","level":"INFO","symbol":"SOL-USD","bid":1.0,"ask":1.1,"last":1.05}'
                    alert_rule_test:
                      - eval_time: 25s
                        alertname: StalePriceFeed
                        exp_alerts:
                          - exp_labels: {severity: page, symbol: ETH-USD}
                            exp_annotations: {summary: "ETH-USD: no price for 25 s"}
                """);
        Run r = run("alerts", "test", "--work-dir", dir.resolve("work").toString(), tests.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL " + tests,
                "wrong symbol: alertname StalePriceFeed at eval_time 25s:",
                "expected firing: labels {alertname=StalePriceFeed, severity=page, symbol=ETH-USD} annotations {summary=ETH-USD: no price for 25 s}",
                "got firing:      labels {alertname=StalePriceFeed, severity=page, symbol=SOL-USD} annotations {summary=SOL-USD: no price for 25 s}");
    }

    @Test
    void alerts_check_lists_every_problem_and_exits_2_and_passes_the_builtin_rules() throws Exception {
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: SELECT 1\n        for: 5\n      - alert: B\n        expr: SELECT 1\n        annotations: {summary: '{{ $value | nope }}'}\n");
        Run r = run("alerts", "check", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("error: " + bad + ":6: rule A: for: not a duration [value=5]",
                "error: " + bad + ":9: rule B: annotations.summary: template: unknown function 'nope'", "2 problems in " + bad);
        Run ok = run("alerts", "check", "builtin");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("ok: 9 rules in 2 groups");
    }

    @Test
    void alerts_builtin_prints_a_rule_file_that_loads() throws Exception {
        Run r = run("alerts", "builtin");
        assertThat(r.exit()).isZero();
        Path copy = dir.resolve("strategy.yml");
        Files.writeString(copy, r.out());
        assertThat(run("alerts", "check", copy.toString()).exit()).isZero();
    }
}
