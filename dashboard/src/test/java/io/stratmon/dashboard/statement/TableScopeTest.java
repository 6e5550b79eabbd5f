package io.stratmon.dashboard.statement;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class TableScopeTest {
    /** Tables with a host column, as the schema would say. */
    static final Set<String> WITH_HOST = Set.of("price", "fill", "order_sent");
    static final Function<String, String> HOST_A = t -> WITH_HOST.contains(t.toLowerCase()) ? "\"host\" IN ('a')" : null;

    static String scoped(String sql) {
        return TableScope.apply(sql, HOST_A);
    }

    @Test
    void the_only_table_of_a_select_gets_the_filter_in_its_where_so_sample_by_from_to_still_works() {
        assertThat(scoped("SELECT last(bid) FROM price WHERE $__timeFilter(timestamp) OR bid > 1 SAMPLE BY 1s FROM '2026-01-01' TO '2026-01-02' FILL(0)"))
                .isEqualTo("SELECT last(bid) FROM price WHERE \"host\" IN ('a') AND ($__timeFilter(timestamp) OR bid > 1) SAMPLE BY 1s FROM '2026-01-01' TO '2026-01-02' FILL(0)");
        assertThat(scoped("SELECT * FROM price p LATEST ON timestamp PARTITION BY symbol"))
                .isEqualTo("SELECT * FROM price p WHERE \"host\" IN ('a') LATEST ON timestamp PARTITION BY symbol");
        assertThat(scoped("SELECT count() FROM fill WHERE side = 'it''s' ORDER BY 1"))
                .isEqualTo("SELECT count() FROM fill WHERE \"host\" IN ('a') AND (side = 'it''s') ORDER BY 1");
        assertThat(scoped("SELECT count() FROM fill")).isEqualTo("SELECT count() FROM fill WHERE \"host\" IN ('a')");
        assertThat(scoped("SELECT count() FROM fill WHERE qty > 0")).isEqualTo("SELECT count() FROM fill WHERE \"host\" IN ('a') AND (qty > 0)");
    }

    @Test
    void a_table_without_the_column_is_left_alone() {
        String sql = "SELECT last(equity) FROM pnl WHERE timestamp > now()";
        assertThat(scoped(sql)).isEqualTo(sql);
    }

    @Test
    void a_table_named_like_a_keyword_is_still_a_table_and_a_from_list_after_it_too() {
        assertThat(scoped("SELECT count() FROM fill, price"))
                .isEqualTo("SELECT count() FROM (SELECT * FROM \"fill\" WHERE \"host\" IN ('a')) \"fill\", (SELECT * FROM \"price\" WHERE \"host\" IN ('a')) \"price\"");
    }

    @Test
    void joins_keep_their_aliases_and_quoted_names_stay_quoted() {
        assertThat(scoped("SELECT p.bid, f.qty FROM \"price\" p ASOF JOIN fill AS f ON (symbol)"))
                .isEqualTo("SELECT p.bid, f.qty FROM (SELECT * FROM \"price\" WHERE \"host\" IN ('a')) p "
                        + "ASOF JOIN (SELECT * FROM \"fill\" WHERE \"host\" IN ('a')) AS f ON (symbol)");
    }

    @Test
    void every_nesting_is_reached_subqueries_ctes_unions_and_implicit_selects() {
        assertThat(TableScope.tables("WITH x AS (SELECT * FROM price) SELECT * FROM x UNION SELECT * FROM (fill WHERE qty > 1) "
                + "UNION ALL order_sent WHERE qty > 0")).containsExactly("price", "fill", "order_sent");
        String scoped = scoped("WITH x AS (SELECT * FROM price) SELECT * FROM x WHERE bid IN (SELECT bid FROM (price))");
        assertThat(scoped).isEqualTo("WITH x AS (SELECT * FROM price WHERE \"host\" IN ('a')) SELECT * FROM x "
                + "WHERE bid IN (SELECT bid FROM (price WHERE \"host\" IN ('a')))");
    }

    @Test
    void names_compare_case_insensitively_as_questdb_does() {
        assertThat(scoped("SELECT * FROM PRICE")).isEqualTo("SELECT * FROM PRICE WHERE \"host\" IN ('a')");
        assertThat(scoped("SELECT * FROM \"Price\", fill")).startsWith("SELECT * FROM (SELECT * FROM \"Price\" WHERE \"host\" IN ('a')) \"Price\", ");
    }

    @Test
    void functions_columns_strings_and_comments_are_not_tables() {
        String sql = "SELECT 'FROM price' AS t, x FROM long_sequence(3) -- FROM price\nWHERE x > 1 /* JOIN fill */";
        assertThat(scoped(sql)).isEqualTo(sql);
        assertThat(TableScope.tables("SELECT price FROM tables() t, fill.x")).isEmpty();
    }

    @Test
    void the_time_range_of_sample_by_is_not_a_from_list() {
        String sql = "SELECT timestamp, count() FROM fill WHERE $__timeFilter(timestamp) SAMPLE BY 1m FROM '2026-01-01' TO '2026-01-02' FILL(0)";
        assertThat(TableScope.tables(sql)).containsExactly("fill");
    }

    @Test
    void every_table_a_rewritten_statement_reads_is_the_filtered_subquery() {
        // Whatever the shape, after the rewrite no bare reference to a filtered table is left.
        for (String sql : new String[] {
                "SELECT * FROM price", "SELECT * FROM price p, fill f WHERE p.x = f.x", "(price) UNION (fill)",
                "SELECT * FROM price LATEST ON timestamp PARTITION BY symbol", "SELECT * FROM price timestamp(timestamp)",
                "SELECT * FROM (SELECT * FROM (SELECT * FROM fill)) ORDER BY 1", "SELECT * FROM price CROSS JOIN fill LIMIT 3"}) {
            String once = scoped(sql);
            assertThat(TableScope.tables(once)).as(once).allMatch(t -> t.equals("price") || t.equals("fill")).isNotEmpty();
            // The only references left are the inner SELECT * FROM "t" ones, each followed by the filter.
            int refs = TableScope.tables(sql).size();
            assertThat(once.split("WHERE \"host\" IN \\('a'\\)", -1).length - 1).as(once).isGreaterThanOrEqualTo(refs);
        }
    }
}
