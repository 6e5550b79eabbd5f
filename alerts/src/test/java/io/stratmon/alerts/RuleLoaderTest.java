package io.stratmon.alerts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RuleLoaderTest {
    private static final String GOOD = """
            groups:
              - name: strategy
                interval: 5s
                rules:
                  - alert: StalePriceFeed
                    expr: |
                      SELECT symbol, datediff('s', timestamp, now()) AS value
                      FROM price LATEST ON timestamp PARTITION BY symbol
                    for: 10s
                    keep_firing_for: 30s
                    labels: {severity: page}
                    annotations:
                      summary: "{{ $labels.symbol }}: no price for {{ $value }} s"
                  - alert: HeartbeatMissing
                    expr: SELECT 1 AS value FROM heartbeat;
                    no_data: firing
            """;

    @Test
    void reads_the_prometheus_rule_file_format_with_sql() {
        RuleLoader.Result r = RuleLoader.parse(GOOD, "strategy.yml");
        assertThat(r.problems()).isEmpty();
        RuleGroup g = r.groups().get(0);
        assertThat(g.name()).isEqualTo("strategy");
        assertThat(g.interval()).isEqualTo(Duration.ofSeconds(5));
        AlertRule stale = g.rules().get(0);
        assertThat(stale.name()).isEqualTo("StalePriceFeed");
        assertThat(stale.expr()).startsWith("SELECT symbol").doesNotEndWith("\n");
        assertThat(stale.holdFor()).isEqualTo(Duration.ofSeconds(10));
        assertThat(stale.keepFiringFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(stale.labels().get("severity").source()).isEqualTo("page");
        assertThat(stale.source()).isEqualTo("strategy.yml:5");
        AlertRule heartbeat = g.rules().get(1);
        assertThat(heartbeat.expr()).isEqualTo("SELECT 1 AS value FROM heartbeat");
        assertThat(heartbeat.noData()).isEqualTo(AlertRule.NoData.FIRING);
        assertThat(heartbeat.holdFor()).isZero();
    }

    @Test
    void every_problem_names_the_file_the_line_and_the_rule() {
        String bad = """
                groups:
                  - name: strategy
                    intervall: 5s
                    rules:
                      - alert: StalePriceFeed
                        expr: SELECT 1
                        for: 10
                        annotations:
                          summary: "{{ $value | humanise }}"
                      - alert: Bad Name
                        expr: DROP TABLE price
                        no_data: maybe
                        labels:
                          alertname: x
                      - record: job:up
                        expr: SELECT 1
                      - alert: NoExpr
                        keep_firing_for: -5s
                """;
        List<String> p = RuleLoader.parse(bad, "a.yml").problems();
        assertThat(p).contains("a.yml:3: group strategy: unknown key 'intervall' (did you mean interval?)");
        // the duration's own wording is Durations' (sql); the loader's part is the file, the line, the rule and the key
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("a.yml:7: rule StalePriceFeed: for: not a duration [value=10]")
                .contains("10s"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("a.yml:9: rule StalePriceFeed: annotations.summary: template: unknown function 'humanise'"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("a.yml:10: rule Bad Name: alert: the name must match"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("a.yml:11: rule Bad Name: expr: must be one SELECT"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("a.yml:12: rule Bad Name: no_data: must be ok, firing or error"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("a.yml:14: rule Bad Name: labels.alertname: alertname is the rule's name"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("a.yml:15: group strategy: recording rules ('record:') are not supported"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("a.yml:17: rule NoExpr: 'expr' (a QuestDB SELECT) is missing"));
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("a.yml:18: rule NoExpr: keep_firing_for: not a duration [value=-5s]"));
    }

    @Test
    void broken_yaml_empty_files_and_duplicate_keys_are_problems_too() {
        assertThat(RuleLoader.parse("groups: [", "b.yml").problems()).singleElement().asString().startsWith("b.yml:1: not valid YAML");
        assertThat(RuleLoader.parse("", "e.yml").problems()).containsExactly("e.yml:1: empty rule file: expected 'groups:' with at least one group");
        assertThat(RuleLoader.parse("groups:\n  - name: a\n    name: b\n    rules: []\n", "d.yml").problems())
                .singleElement().asString().isEqualTo("d.yml:3: key 'name' appears twice");
        assertThat(RuleLoader.parse("group:\n  - name: a\n", "g.yml").problems())
                .contains("g.yml:1: unknown key 'group' (a rule file has only 'groups:')");
    }

    @Test
    void group_names_are_unique_across_files(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yml"), GOOD);
        Files.writeString(dir.resolve("b.yml"), GOOD);
        List<String> problems = new ArrayList<>();
        List<Path> files = RuleLoader.expand(List.of("*.yml"), dir, problems);
        assertThat(problems).isEmpty();
        assertThat(files).hasSize(2);
        assertThat(RuleLoader.load(files).problems()).singleElement().asString()
                .endsWith("b.yml:2: group strategy: the name is taken by the group at " + dir.resolve("a.yml") + ":2");
    }

    @Test
    void a_glob_that_matches_nothing_is_a_problem(@TempDir Path dir) {
        List<String> problems = new ArrayList<>();
        assertThat(RuleLoader.expand(List.of("alerts/*.yml", "missing.yml"), dir, problems)).isEmpty();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("alerts.rules: the glob matches no file [glob=alerts/*.yml");
        assertThat(problems.get(1)).startsWith("alerts.rules: no such rule file");
    }
}
