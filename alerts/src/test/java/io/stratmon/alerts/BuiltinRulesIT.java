package io.stratmon.alerts;

import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in rules load, and every query runs on QuestDB: with no tables at all, and with the demo's tables. */
class BuiltinRulesIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    private Evaluation evaluate(AlertRule rule) {
        return new RuleEvaluator(QueryRunner.of(questdb.sql()), Clock.systemUTC(), Duration.ofSeconds(10), 1000).evaluate(rule);
    }

    @Test
    void every_builtin_rule_runs_on_questdb_before_and_after_its_tables_exist() {
        RuleLoader.Result r = BuiltinRules.load();
        assertThat(r.problems()).isEmpty();
        assertThat(r.rules()).extracting(AlertRule::name).containsExactly("HeartbeatMissing", "StalePriceFeed", "ErrorBurst",
                "OrderRejectRatio", "DrawdownLimit", "FillLatencyP99", "ShipperLag", "DeadLettersAppearing", "ShipperDown");
        for (AlertRule rule : r.rules()) {
            Evaluation e = evaluate(rule);
            assertThat(e.outcome()).as("%s with no tables: %s", rule.name(), e.error()).isEqualTo(Evaluation.Outcome.NO_DATA);
        }
        String old = "dateadd('s', -40, now())";
        for (String ddl : List.of(
                "CREATE TABLE heartbeat (timestamp TIMESTAMP, loop_ms DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY BYPASS WAL",
                "CREATE TABLE price (timestamp TIMESTAMP, symbol SYMBOL, bid DOUBLE, ask DOUBLE, last DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY BYPASS WAL",
                "CREATE TABLE error (timestamp TIMESTAMP, level SYMBOL, component SYMBOL, reason VARCHAR) TIMESTAMP(timestamp) PARTITION BY DAY BYPASS WAL",
                "CREATE TABLE order_sent (timestamp TIMESTAMP, symbol SYMBOL, qty DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY BYPASS WAL",
                "CREATE TABLE order_rejected (timestamp TIMESTAMP, symbol SYMBOL, reason VARCHAR) TIMESTAMP(timestamp) PARTITION BY DAY BYPASS WAL",
                "CREATE TABLE pnl (timestamp TIMESTAMP, equity DOUBLE, drawdown DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY BYPASS WAL",
                "CREATE TABLE fill (timestamp TIMESTAMP, symbol SYMBOL, latency_us LONG) TIMESTAMP(timestamp) PARTITION BY DAY BYPASS WAL",
                "CREATE TABLE stratmon_shipper (timestamp TIMESTAMP, host SYMBOL, file SYMBOL, dead_lettered DOUBLE, seconds_behind DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY BYPASS WAL",
                "INSERT INTO heartbeat VALUES (" + old + ", 100.0)",
                "INSERT INTO price VALUES (" + old + ", 'SOL-USD', 1.0, 1.1, 1.05), (now(), 'BTC-USD', 1.0, 1.1, 1.05)",
                "INSERT INTO error SELECT dateadd('s', -1, now()), 'ERROR', 'feed', 'boom' FROM long_sequence(12)",
                "INSERT INTO order_sent SELECT dateadd('s', -1, now()), 'SOL-USD', 1.0 FROM long_sequence(30)",
                "INSERT INTO order_rejected SELECT dateadd('s', -1, now()), 'SOL-USD', 'margin' FROM long_sequence(10)",
                "INSERT INTO pnl VALUES (dateadd('s', -1, now()), 85000.0, 15000.0)",
                "INSERT INTO fill SELECT dateadd('s', -1, now()), 'SOL-USD', 80000 FROM long_sequence(5)",
                "INSERT INTO stratmon_shipper VALUES (" + old + ", 'box', '*', 0.0, 45.0), (dateadd('s', -35, now()), 'box', '*', 3.0, 45.0)")) {
            questdb.query(ddl);
        }
        for (AlertRule rule : r.rules()) {
            Evaluation e = evaluate(rule);
            assertThat(e.outcome()).as("%s: %s", rule.name(), e.error()).isEqualTo(Evaluation.Outcome.OK);
            assertThat(e.samples()).as("%s fires on its condition", rule.name()).hasSize(1);
        }
        assertThat(evaluate(r.rules().get(1)).samples().get(0).labels()).containsEntry("symbol", "SOL-USD");
    }
}
