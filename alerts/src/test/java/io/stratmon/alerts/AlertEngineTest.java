package io.stratmon.alerts;

import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine on a fake QuestDB: rule health, the error count, and the AlertRuleFailing meta-rule. */
class AlertEngineTest {
    private boolean broken = true;

    private QueryResult answer(String sql) {
        if (sql.startsWith("SELECT * FROM (SELECT prise")) {
            if (broken) throw new SqlException("Invalid column: prise [status=400, position=7]", sql, 400, null);
            return new QueryResult(List.of(new QueryResult.Column("value", "LONG")), List.of());
        }
        return new QueryResult(List.of(), List.of()); // CREATE TABLE, INSERT, the restore query
    }

    @Test
    void a_rule_that_keeps_failing_is_in_error_counted_and_fires_the_meta_rule_until_it_recovers() {
        RuleLoader.Result r = RuleLoader.parse("groups:\n  - name: g\n    rules:\n      - alert: Typo\n        expr: SELECT prise FROM price\n", "t.yml");
        AlertEngine engine = new AlertEngine(AlertsConfig.defaults().withRules(List.of("t.yml")), r.groups(),
                (sql, timeout) -> answer(sql), Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC), List.of());
        RuleGroup g = r.groups().get(0);
        engine.evaluate(g);
        engine.evaluate(g);
        AlertEngine.RuleHealth h = engine.snapshot().rules().get(0);
        assertThat(h.health()).isEqualTo("error");
        assertThat(h.lastError()).contains("Invalid column: prise");
        assertThat(h.errorsTotal()).isEqualTo(2);
        assertThat(engine.snapshot().alerts()).as("not yet: failing_after = 3").isEmpty();
        engine.evaluate(g);
        assertThat(engine.snapshot().alerts()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo(AlertEngine.META_RULE);
            assertThat(a.state()).isEqualTo(AlertStatus.FIRING);
            assertThat(a.labels()).containsEntry("rulename", "Typo").containsEntry("rulegroup", "g").containsEntry("severity", "warning");
            assertThat(a.annotations().get("summary")).isEqualTo("alert rule Typo (group g) failed 3 evaluations in a row");
        });
        broken = false;
        engine.evaluate(g);
        assertThat(engine.snapshot().rules().get(0).health()).isEqualTo("ok");
        assertThat(engine.snapshot().rules().get(0).errorsTotal()).isEqualTo(3);
        assertThat(engine.snapshot().alerts()).isEmpty();
        engine.close();
    }
}
