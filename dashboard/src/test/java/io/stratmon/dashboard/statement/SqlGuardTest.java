package io.stratmon.dashboard.statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

public class SqlGuardTest {

    /** Writes, session changes, chained statements and ways of hiding them. The SafetyIT runs these on a real QuestDB. */
    public static final String[] ATTACKS = {
            "DROP TABLE price",
            "drop table price",
            "INSERT INTO price VALUES (now(), 'INFO', 'X', 1, 1, 1)",
            "UPDATE price SET last = 0",
            "DELETE FROM price",
            "ALTER TABLE price DROP COLUMN last",
            "TRUNCATE TABLE price",
            "CREATE TABLE x (a INT)",
            "COPY price FROM 'x.csv'",
            "RENAME TABLE price TO p2",
            "BACKUP DATABASE",
            "VACUUM TABLE price",
            "CANCEL QUERY 1",
            "SNAPSHOT PREPARE",
            "SET x = 1",
            "select 1; drop table price",
            "SELECT 1;DROP TABLE price",
            "SELECT 1 ; ; ",
            "WITH x AS (SELECT 1 a) INSERT INTO price SELECT now(), 'INFO', 'X', 1, 1, 1 FROM x",
            "EXPLAIN INSERT INTO price SELECT now(), 'INFO', 'X', 1, 1, 1",
            "/* just a comment */ DROP TABLE price",
            "-- comment\nDROP TABLE price",
            "SELECT 1 -- looks like a comment\n; DROP TABLE price",
            "SELECT 1 /* a /* nested */ ; DROP TABLE price */",
            "SELECT 'a\\' ; DROP TABLE price; --'",
            "SELECT 'unterminated",
            "SELECT \"unterminated",
            "SELECT 1 /* unterminated",
            "SELECT * FROM price WHERE 1 = 1) ; DROP TABLE price --",
            "SELECT reload_config()",
            "SELECT * FROM files('/etc')",
            "SELECT * INTO copy_of_price FROM price",
            "(SELECT 1); DROP TABLE price",
            "SHOW TABLES; DROP TABLE price",
            "",
            "   ",
            "-- only a comment",
            "VALUES (1)",
            "checkpoint create",
    };

    static String[] attacks() {
        return ATTACKS;
    }

    @ParameterizedTest
    @MethodSource("attacks")
    void refuses_writes_chains_and_hidden_statements(String sql) {
        SqlGuard.Verdict v = SqlGuard.check(sql);
        assertThat(v.allowed()).as("refused: %s", sql).isFalse();
        assertThat(v.reason()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM price",
            "select count() from price where symbol = 'BTC-USD'",
            "WITH x AS (SELECT * FROM price) SELECT * FROM x",
            "SHOW TABLES",
            "SHOW COLUMNS FROM price",
            "EXPLAIN SELECT * FROM price",
            "SELECT 1;",
            "SELECT 1; -- trailing comment is fine",
            "SELECT 'it''s; DROP TABLE price' AS text",
            "SELECT \"insert\", \"drop\" FROM weird_columns",
            "SELECT 1 -- ; DROP TABLE price",
            "SELECT 1 /* ; DROP TABLE price */",
            "(SELECT 1) UNION ALL (SELECT 2)",
            "SELECT replace(symbol, '-', '/') FROM price",
            "SELECT timestamp, last(price) FROM price_log WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT",
    })
    void allows_one_read_only_statement(String sql) {
        SqlGuard.Verdict v = SqlGuard.check(sql);
        assertThat(v.allowed()).as("%s -> %s", sql, v.reason()).isTrue();
    }

    @Test
    void returns_the_statement_without_its_trailing_semicolon() {
        assertThat(SqlGuard.check("SELECT 1 ;  ").statement()).isEqualTo("SELECT 1");
        assertThat(SqlGuard.check("select 1").firstKeyword()).isEqualTo("SELECT");
    }

    @Test
    void explains_why_in_the_reason() {
        assertThat(SqlGuard.check("select 1; drop table x").reason()).contains("more than one statement");
        assertThat(SqlGuard.check("DROP TABLE x").reason()).contains("first=DROP");
        assertThat(SqlGuard.check("WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a").reason()).contains("keyword=INSERT");
        assertThat(SqlGuard.check("SELECT 1 /* /* */ */").reason()).contains("nested /* comment");
    }
}
