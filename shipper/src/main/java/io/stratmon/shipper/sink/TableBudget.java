package io.stratmon.shipper.sink;

import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.mapping.RowCheck;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Caps how fast, and how far, lines may grow QuestDB's schema: new tables per minute, tables in total, and new columns
 * per table per minute. A row that would go over a cap is refused with a reason (the pipeline dead-letters its line);
 * rows for tables and columns that already exist are never refused, whatever the budget says. Every table and column
 * name is compared case-insensitively, as QuestDB does.
 * <pre>{@code
 * TableBudget budget = new TableBudget(TableBudget.Limits.defaults(), TableBudget.questDbSchema(sql), InstantSource.system());
 * String reason = budget.reason(row);    // null: admitted (and counted); otherwise why not
 * }</pre>
 * The windows slide: "per minute" is the last 60 seconds of the injected clock. What a refused row would have added is
 * not counted. Single-threaded, like the pipeline's reader.
 */
public final class TableBudget implements RowCheck {
    static final Duration WINDOW = Duration.ofMinutes(1);

    /**
     * The caps (TOML: {@code shipper.max_new_columns_per_table_per_minute}, {@code shipper.max_new_tables_per_minute},
     * {@code shipper.max_tables}).
     *
     * @param maxTables counts every table in QuestDB, the shipper's own and the user's; a line may still add rows to
     *                  existing tables when QuestDB holds more than this
     */
    public record Limits(int maxNewColumnsPerTablePerMinute, int maxNewTablesPerMinute, int maxTables) {
        public static Limits defaults() {
            return new Limits(100, 100, 1_000);
        }

        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (maxNewColumnsPerTablePerMinute < 1) {
                problems.add("shipper.max_new_columns_per_table_per_minute: must be positive [value=" + maxNewColumnsPerTablePerMinute + "]");
            }
            if (maxNewTablesPerMinute < 1) {
                problems.add("shipper.max_new_tables_per_minute: must be positive [value=" + maxNewTablesPerMinute + "]");
            }
            if (maxTables < 1) problems.add("shipper.max_tables: must be positive [value=" + maxTables + "]");
            return problems;
        }
    }

    /** What QuestDB holds. Both may throw when QuestDB cannot be asked. */
    public interface Schema {
        /** Nothing can be asked (ILP over TCP): every table and column is new to this run. */
        Schema NONE = new Schema() {
            @Override
            public Set<String> tables() {
                return Set.of();
            }

            @Override
            public Optional<Set<String>> columns(String table) {
                return Optional.empty();
            }
        };

        /** Lower-case names of every table. */
        Set<String> tables();

        /** Lower-case column names of a table, or empty when there is no such table. */
        Optional<Set<String>> columns(String table);
    }

    /** The schema as QuestDB reports it through {@code tables()} and {@code table_columns()}. */
    public static Schema questDbSchema(io.stratmon.sql.SqlClient sql) {
        return new Schema() {
            @Override
            public Set<String> tables() {
                Set<String> names = new HashSet<>();
                for (List<Object> row : sql.query("SELECT table_name FROM tables()").rows()) {
                    names.add(String.valueOf(row.get(0)).toLowerCase(Locale.ROOT));
                }
                return names;
            }

            @Override
            public Optional<Set<String>> columns(String table) {
                String quoted = table.replace("'", "''");
                if (sql.query("SELECT count() FROM tables() WHERE table_name = '" + quoted + "'").longValue(0, 0) == 0) {
                    return Optional.empty();
                }
                Set<String> names = new HashSet<>();
                for (List<Object> row : sql.query("SELECT \"column\" FROM table_columns('" + quoted + "')").rows()) {
                    names.add(String.valueOf(row.get(0)).toLowerCase(Locale.ROOT));
                }
                return Optional.of(names);
            }
        };
    }

    /** How long a failed look-up is trusted before QuestDB is asked again. */
    private static final Duration RETRY_LOOKUP = Duration.ofSeconds(10);

    private final Limits limits;
    private final Schema schema;
    private final InstantSource clock;
    /** Tables known to exist (in QuestDB or admitted by this run), by lower-case name, with their known columns. */
    private final Map<String, Set<String>> columnsByTable = new HashMap<>();
    private Set<String> tables;
    private final Set<String> admitted = new HashSet<>();
    private long tablesReadAt = Long.MIN_VALUE;
    private final Map<String, Long> lookupFailedAt = new HashMap<>();
    private final ArrayDeque<Long> newTables = new ArrayDeque<>();
    private final Map<String, ArrayDeque<long[]>> newColumns = new HashMap<>();
    private Runnable onNewTable = () -> {};

    public TableBudget(Limits limits, Schema schema, InstantSource clock) {
        this.limits = limits;
        this.schema = schema;
        this.clock = clock;
    }

    /** Runs {@code listener} for every row admitted for a table QuestDB does not have (the row creates it). */
    public TableBudget onNewTable(Runnable listener) {
        this.onNewTable = listener;
        return this;
    }

    @Override
    public Optional<String> problem(Row row) {
        return Optional.ofNullable(reason(row));
    }

    /** Settled: the table and the column are known to exist (in QuestDB, or admitted by this run), so no cap applies. */
    @Override
    public boolean settled(String table) {
        return columnsByTable.containsKey(table.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean settled(String table, String column, io.stratmon.shipper.mapping.ColumnType type) {
        Set<String> known = columnsByTable.get(table.toLowerCase(Locale.ROOT));
        return known != null && known.contains(column.toLowerCase(Locale.ROOT));
    }

    /** Null when the row is admitted (and counted), otherwise why not. */
    public String reason(Row row) {
        long now = clock.millis();
        String table = row.table().toLowerCase(Locale.ROOT);
        Set<String> known = columnsByTable.get(table);
        boolean newTable = false;
        if (known == null) {
            Optional<Set<String>> existing = lookUp(table, now);
            if (existing == null) return null; // QuestDB cannot be asked: admitted, asked again later
            newTable = existing.isEmpty();
            known = existing.orElseGet(HashSet::new);
        }
        List<String> added = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Row.Column c : row.columns()) {
            String name = c.name().toLowerCase(Locale.ROOT);
            if (!known.contains(name) && seen.add(name)) added.add(name);
        }
        if (newTable) {
            String refusal = tableRefusal(row.table(), now);
            if (refusal != null) return refusal;
        }
        if (!added.isEmpty()) {
            String refusal = columnRefusal(row.table(), table, added.size(), now);
            if (refusal != null) return refusal;
        }
        // Admitted: count it.
        if (newTable) {
            newTables.addLast(now);
            tables.add(table);
            admitted.add(table);
            onNewTable.run();
        }
        if (!added.isEmpty()) {
            newColumns.computeIfAbsent(table, t -> new ArrayDeque<>()).addLast(new long[]{now, added.size()});
            known.addAll(added);
        }
        columnsByTable.put(table, known);
        return null;
    }

    /** The table's columns, empty when it does not exist, or null when QuestDB could not be asked. */
    private Optional<Set<String>> lookUp(String table, long now) {
        Long failed = lookupFailedAt.get(table);
        if (failed != null && now - failed < RETRY_LOOKUP.toMillis()) return null;
        try {
            if (tables == null || (!tables.contains(table) && now - tablesReadAt >= RETRY_LOOKUP.toMillis())) {
                // One query for the list, not one per new table: 5,000 new names must not cost 5,000 round trips.
                tables = new HashSet<>(schema.tables());
                tables.addAll(admitted); // admitted rows may still be on their way to QuestDB
                tablesReadAt = now;
            }
            Optional<Set<String>> columns = tables.contains(table) ? schema.columns(table) : Optional.empty();
            lookupFailedAt.remove(table);
            return columns.map(HashSet::new);
        } catch (RuntimeException e) {
            lookupFailedAt.put(table, now);
            return null;
        }
    }

    private String tableRefusal(String table, long now) {
        purge(newTables, now);
        if (tables.size() >= limits.maxTables()) {
            return "too many tables: QuestDB holds the most this shipper may create [table=" + table + ", tables="
                    + tables.size() + ", max_tables=" + limits.maxTables() + "]";
        }
        if (newTables.size() >= limits.maxNewTablesPerMinute()) {
            return "too many new tables in the last minute [table=" + table + ", new_tables_last_minute=" + newTables.size()
                    + ", max_new_tables_per_minute=" + limits.maxNewTablesPerMinute() + "]";
        }
        return null;
    }

    private String columnRefusal(String table, String key, int adding, long now) {
        ArrayDeque<long[]> window = newColumns.get(key);
        long recent = 0;
        if (window != null) {
            while (!window.isEmpty() && now - window.peekFirst()[0] >= WINDOW.toMillis()) window.removeFirst();
            for (long[] entry : window) recent += entry[1];
            if (window.isEmpty()) newColumns.remove(key);
        }
        if (recent + adding > limits.maxNewColumnsPerTablePerMinute()) {
            return "too many new columns for the table in the last minute [table=" + table + ", new_columns=" + adding
                    + ", new_columns_last_minute=" + recent + ", max_new_columns_per_table_per_minute="
                    + limits.maxNewColumnsPerTablePerMinute() + "]";
        }
        return null;
    }

    private static void purge(ArrayDeque<Long> window, long now) {
        while (!window.isEmpty() && now - window.peekFirst() >= WINDOW.toMillis()) window.removeFirst();
    }
}
