package io.stratmon.shipper.sink;

import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.Row;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TableBudgetTest {
    /** A QuestDB in memory: tables and their columns, lower-case; can be "down". */
    static final class FakeSchema implements TableBudget.Schema {
        final Map<String, Set<String>> tables = new HashMap<>();
        boolean down;
        int tableListReads;

        @Override
        public Set<String> tables() {
            if (down) throw new IllegalStateException("down");
            tableListReads++;
            return new HashSet<>(tables.keySet());
        }

        @Override
        public Optional<Set<String>> columns(String table) {
            if (down) throw new IllegalStateException("down");
            return Optional.ofNullable(tables.get(table)).map(HashSet::new);
        }
    }

    static final class ManualClock implements InstantSource {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final FakeSchema schema = new FakeSchema();
    final ManualClock clock = new ManualClock();

    static Row row(String table, String... columns) {
        List<Row.Column> list = new ArrayList<>();
        for (String c : columns) list.add(new Row.Column(c, ColumnType.LONG, 1L));
        return new Row(table, 0, list);
    }

    static Row wide(String table, int first, int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) names[i] = "c" + (first + i);
        return row(table, names);
    }

    @Test
    void rows_for_existing_tables_and_columns_are_always_admitted() {
        schema.tables.put("fills", Set.of("qty", "price"));
        TableBudget budget = new TableBudget(new TableBudget.Limits(1, 1, 1), schema, clock);
        for (int i = 0; i < 1000; i++) {
            assertThat(budget.reason(row("fills", "qty", "price"))).isNull();
            assertThat(budget.reason(row("FILLS", "QTY"))).as("names compare case-insensitively").isNull();
        }
    }

    @Test
    void new_tables_beyond_the_per_minute_cap_are_refused_with_the_reason_until_the_minute_has_passed() {
        TableBudget budget = new TableBudget(new TableBudget.Limits(100, 3, 1000), schema, clock);
        for (int i = 0; i < 3; i++) assertThat(budget.reason(row("ev" + i, "n"))).isNull();
        assertThat(budget.reason(row("ev3", "n"))).isEqualTo("too many new tables in the last minute [table=ev3,"
                + " new_tables_last_minute=3, max_new_tables_per_minute=3]");
        assertThat(budget.reason(row("ev0", "n"))).as("a table admitted is no longer new").isNull();
        clock.advance(Duration.ofSeconds(59));
        assertThat(budget.reason(row("ev3", "n"))).isNotNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.reason(row("ev3", "n"))).isNull();
    }

    @Test
    void new_tables_beyond_the_total_cap_are_refused_counting_the_tables_questdb_already_holds() {
        schema.tables.put("a", Set.of("n"));
        schema.tables.put("b", Set.of("n"));
        TableBudget budget = new TableBudget(new TableBudget.Limits(100, 100, 3), schema, clock);
        assertThat(budget.reason(row("c", "n"))).isNull();
        assertThat(budget.reason(row("d", "n"))).isEqualTo("too many tables: QuestDB holds the most this shipper may create"
                + " [table=d, tables=3, max_tables=3]");
        clock.advance(Duration.ofHours(1));
        assertThat(budget.reason(row("d", "n"))).as("the total cap does not expire").isNotNull();
        assertThat(budget.reason(row("a", "n"))).isNull();
    }

    @Test
    void new_columns_beyond_the_per_table_per_minute_cap_refuse_the_whole_line() {
        schema.tables.put("wide", Set.of("n"));
        schema.tables.put("other", Set.of("n"));
        TableBudget budget = new TableBudget(new TableBudget.Limits(100, 100, 1000), schema, clock);
        assertThat(budget.reason(wide("wide", 0, 50))).isNull();
        assertThat(budget.reason(wide("wide", 50, 50))).isNull();
        assertThat(budget.reason(wide("wide", 100, 1))).isEqualTo("too many new columns for the table in the last minute"
                + " [table=wide, new_columns=1, new_columns_last_minute=100, max_new_columns_per_table_per_minute=100]");
        assertThat(budget.reason(wide("wide", 0, 100))).as("columns admitted before are not new").isNull();
        assertThat(budget.reason(wide("other", 0, 100))).as("each table has its own budget").isNull();
        clock.advance(Duration.ofMinutes(1));
        assertThat(budget.reason(wide("wide", 100, 100))).isNull();
    }

    @Test
    void a_line_that_would_go_over_is_not_counted_so_a_narrower_one_still_fits() {
        schema.tables.put("wide", Set.of());
        TableBudget budget = new TableBudget(new TableBudget.Limits(10, 100, 1000), schema, clock);
        assertThat(budget.reason(wide("wide", 0, 8))).isNull();
        assertThat(budget.reason(wide("wide", 8, 5))).isNotNull();
        assertThat(budget.reason(wide("wide", 8, 2))).isNull();
    }

    @Test
    void the_same_new_column_twice_in_one_line_counts_once() {
        schema.tables.put("t", Set.of());
        TableBudget budget = new TableBudget(new TableBudget.Limits(1, 100, 1000), schema, clock);
        assertThat(budget.reason(row("t", "x", "X"))).isNull();
    }

    @Test
    void five_thousand_new_names_cost_few_table_list_reads() {
        TableBudget budget = new TableBudget(new TableBudget.Limits(100, 100, 1000), schema, clock);
        for (int i = 0; i < 5000; i++) budget.reason(row("ev" + i, "n"));
        assertThat(schema.tableListReads).isEqualTo(1);
    }

    @Test
    void when_questdb_cannot_be_asked_rows_are_admitted_and_it_is_asked_again_later() {
        schema.down = true;
        TableBudget budget = new TableBudget(new TableBudget.Limits(1, 1, 1), schema, clock);
        assertThat(budget.reason(row("a", "x", "y"))).isNull();
        schema.down = false;
        schema.tables.put("b", Set.of());
        clock.advance(Duration.ofSeconds(10));
        assertThat(budget.reason(row("a", "x"))).as("asked again: b fills max_tables=1").startsWith("too many tables");
    }

    @Test
    void default_limits_are_valid_and_non_positive_ones_name_their_key() {
        assertThat(TableBudget.Limits.defaults().problems()).isEmpty();
        assertThat(TableBudget.Limits.defaults()).isEqualTo(new TableBudget.Limits(100, 100, 1_000));
        assertThat(new TableBudget.Limits(0, 0, 0).problems()).containsExactly(
                "shipper.max_new_columns_per_table_per_minute: must be positive [value=0]",
                "shipper.max_new_tables_per_minute: must be positive [value=0]",
                "shipper.max_tables: must be positive [value=0]");
    }
}
