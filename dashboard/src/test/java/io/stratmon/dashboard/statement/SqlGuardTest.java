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
            "SHOW PARAMETERS",
            "show   parameters",
            "SHOW SERVER_VERSION",
            "SHOW USER",
            "SHOW",
            "DESCRIBE price",
            "EXPLAIN SHOW PARAMETERS",
            "SELECT * FROM read_parquet('/etc/passwd')",
            "SELECT * FROM READ_PARQUET('x.parquet')",
            "SELECT * FROM \"read_parquet\"('x.parquet')",
            "SELECT * FROM price JOIN files('/') ON true",
            "SELECT * FROM price, glob('/etc/*')",
            "SELECT * FROM (SELECT * FROM (SELECT * FROM query_activity()))",
            "SELECT cancel_query(1)",
            "SELECT x FROM long_sequence(1) WHERE cancel_query(x) = true",
            "SELECT * FROM reader_pool()",
            "SELECT * FROM writer_pool()",
            "SELECT current_setting('http.bind.to')",
            "SELECT reload_config /* gap */ ()",
            "SELECT * FROM import_files()",
            "SELECT * FROM export_files()",
            "SELECT * FROM pg_catalog.pg_class()",
            "SELECT * FROM information_schema.columns()",
            "SELECT * FROM some_new_table_function()",
            "SELECT * FROM tables() t JOIN memory_metrics() m ON true",
            "WITH a AS (SELECT * FROM files('/')) SELECT * FROM a",
            "EXPLAIN SELECT * FROM files('/')",
            "SELECT 'files(' || \"x\" FROM price; SELECT * FROM files('/')",
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
            "SELECT * FROM long_sequence(10)",
            "SELECT * FROM Tables() WHERE table_name = 'files(''/'')'",
            "SELECT * FROM table_columns('price')",
            "SELECT * FROM table_partitions('price')",
            "SHOW PARTITIONS FROM price",
            "SHOW CREATE TABLE price",
            "EXPLAIN WITH a AS (SELECT 1) SELECT * FROM a",
            "SELECT 'read_parquet(x)', 'SHOW PARAMETERS', \"files\" FROM price",
            "SELECT * FROM price WHERE symbol IN (SELECT symbol FROM price LIMIT 1)",
            "SELECT now(), sysdate(), abs(-1), concat('a', 'b')",
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
        assertThat(SqlGuard.check("SHOW PARAMETERS").reason()).contains("SHOW PARAMETERS is refused");
        assertThat(SqlGuard.check("SELECT * FROM read_parquet('x')").reason()).contains("reads or lists server files").contains("function=read_parquet");
        assertThat(SqlGuard.check("SELECT cancel_query(1)").reason()).contains("other clients' queries");
        assertThat(SqlGuard.check("SELECT * FROM nope()").reason()).contains("table function not on the allow-list").contains("long_sequence");
    }

    @Test
    void every_allow_listed_table_function_runs_where_a_table_goes_and_none_is_also_refused() {
        for (String f : SqlGuard.TABLE_FUNCTIONS) {
            assertThat(SqlGuard.REFUSED_FUNCTIONS).doesNotContainKey(f);
            assertThat(SqlGuard.check("SELECT * FROM " + f + "()").allowed()).as(f).isTrue();
        }
    }
}
