package io.stratmon.alerts;

import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;

import java.time.Duration;

/** Runs one SQL statement: {@link SqlClient#query(String, Duration)} in production, a fake in unit tests. */
@FunctionalInterface
public interface QueryRunner {
    /** @throws SqlException when QuestDB refuses the statement, times out or cannot be reached */
    QueryResult query(String sql, Duration timeout);

    static QueryRunner of(SqlClient sql) {
        return sql::query;
    }
}
