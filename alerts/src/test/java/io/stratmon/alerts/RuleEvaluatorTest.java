package io.stratmon.alerts;

import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The evaluator against a fake QuestDB that answers what each test says, and records the SQL it got. */
class RuleEvaluatorTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private final List<String> queries = new ArrayList<>();

    private static QueryResult result(List<QueryResult.Column> columns, List<List<Object>> rows) {
        return new QueryResult(columns, rows);
    }

    private RuleEvaluator evaluator(QueryRunner runner, int maxRows) {
        return new RuleEvaluator((sql, timeout) -> {
            queries.add(sql);
            return runner.query(sql, timeout);
        }, clock, Duration.ofSeconds(5), maxRows);
    }

    @Test
    void each_row_is_a_sample_labelled_by_its_text_columns_with_the_value_column_as_value() {
        QueryResult r = result(List.of(new QueryResult.Column("symbol", "SYMBOL"), new QueryResult.Column("value", "LONG"),
                        new QueryResult.Column("other", "DOUBLE"), new QueryResult.Column("timestamp", "TIMESTAMP")),
                List.of(List.of("SOL-USD", 40L, 1.5, "2026-12-01T09:59:20.000000Z"), List.of("BTC-USD", 3L, 2.5, "2026-12-01T09:59:57.000000Z")));
        Evaluation e = evaluator((sql, t) -> r, 100).evaluate(AlertRule.of("X", "SELECT * FROM price", Duration.ZERO));
        assertThat(e.outcome()).isEqualTo(Evaluation.Outcome.OK);
        assertThat(e.at()).isEqualTo(clock.instant());
        assertThat(e.samples()).containsExactly(new Evaluation.Sample(Map.of("symbol", "SOL-USD"), 40),
                new Evaluation.Sample(Map.of("symbol", "BTC-USD"), 3));
        assertThat(queries).containsExactly("SELECT * FROM (SELECT * FROM price) LIMIT 101");
    }

    @Test
    void without_a_value_column_the_last_numeric_column_is_the_value_and_null_values_are_not_alerts() {
        QueryResult r = result(List.of(new QueryResult.Column("n", "LONG"), new QueryResult.Column("ratio", "DOUBLE"), new QueryResult.Column("s", "VARCHAR")),
                java.util.Arrays.asList(java.util.Arrays.asList(1L, 0.25, "a"), java.util.Arrays.asList(2L, null, "b")));
        Evaluation e = evaluator((sql, t) -> r, 100).evaluate(AlertRule.of("X", "SELECT 1", Duration.ZERO));
        assertThat(e.samples()).containsExactly(new Evaluation.Sample(Map.of("s", "a"), 0.25));
    }

    @Test
    void more_rows_than_the_cap_is_an_error_not_a_flood_of_alerts() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) rows.add(List.of("s" + i, (long) i));
        QueryResult r = result(List.of(new QueryResult.Column("s", "SYMBOL"), new QueryResult.Column("value", "LONG")), rows);
        Evaluation e = evaluator((sql, t) -> r, 3).evaluate(AlertRule.of("X", "SELECT 1", Duration.ZERO));
        assertThat(e.outcome()).isEqualTo(Evaluation.Outcome.ERROR);
        assertThat(e.error()).contains("more than max_rows=3");
        assertThat(e.samples()).isEmpty();
    }

    @Test
    void a_failing_query_is_an_error_with_questdb_s_message() {
        Evaluation e = evaluator((sql, t) -> {
            throw new SqlException("Invalid column: prise [status=400, position=7]", sql, 400, null);
        }, 10).evaluate(AlertRule.of("X", "SELECT prise FROM price", Duration.ZERO));
        assertThat(e.outcome()).isEqualTo(Evaluation.Outcome.ERROR);
        assertThat(e.error()).isEqualTo("Invalid column: prise [status=400, position=7]");
        assertThat(e.failed()).isTrue();
    }

    @Test
    void a_missing_table_is_no_data_which_fails_the_rule_only_with_no_data_error() {
        QueryRunner missing = (sql, t) -> {
            throw new SqlException("table does not exist [table=heartbeat] [status=400, position=20]", sql, 400, null);
        };
        AlertRule rule = AlertRule.of("HeartbeatMissing", "SELECT 1 FROM heartbeat", Duration.ZERO);
        Evaluation ok = evaluator(missing, 10).evaluate(rule);
        assertThat(ok.outcome()).isEqualTo(Evaluation.Outcome.NO_DATA);
        assertThat(ok.failed()).isFalse();
        assertThat(evaluator(missing, 10).evaluate(rule.withNoData(AlertRule.NoData.FIRING)).outcome()).isEqualTo(Evaluation.Outcome.NO_DATA);
        assertThat(evaluator(missing, 10).evaluate(rule.withNoData(AlertRule.NoData.ERROR)).failed()).isTrue();
    }

    @Test
    void no_rows_from_an_empty_table_is_no_data_but_no_rows_from_a_full_one_is_just_nothing() {
        QueryResult none = result(List.of(new QueryResult.Column("value", "LONG")), List.of());
        AlertRule rule = AlertRule.of("HeartbeatMissing", "WITH h AS (SELECT * FROM heartbeat) SELECT 1 AS value FROM h JOIN 'price' ON x",
                Duration.ZERO).withNoData(AlertRule.NoData.FIRING);
        long[] heartbeatRows = {0};
        QueryRunner runner = (sql, t) -> {
            if (sql.startsWith("SELECT count() FROM 'heartbeat'")) return result(List.of(new QueryResult.Column("count", "LONG")), List.of(List.of(heartbeatRows[0])));
            if (sql.startsWith("SELECT count() FROM 'price'")) return result(List.of(new QueryResult.Column("count", "LONG")), List.of(List.of(5L)));
            if (sql.startsWith("SELECT count()")) throw new SqlException("table does not exist [table=h]", sql, 400, null);
            return none;
        };
        Evaluation empty = evaluator(runner, 10).evaluate(rule);
        assertThat(empty.outcome()).isEqualTo(Evaluation.Outcome.NO_DATA);
        assertThat(empty.error()).isEqualTo("table heartbeat has no rows");
        heartbeatRows[0] = 3;
        assertThat(evaluator(runner, 10).evaluate(rule).outcome()).isEqualTo(Evaluation.Outcome.OK);
        assertThat(RuleEvaluator.tables("SELECT * FROM long_sequence(5) JOIN price ON a WITH")).containsExactly("price");
    }
}
