package io.stratmon.shipper.sink;

import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.mapping.RowCheck;
import io.stratmon.shipper.time.Clock;

import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses, before sending, a row with a value QuestDB would refuse for its column's type, so one bad line is
 * dead-lettered alone instead of failing its whole ILP/HTTP request (or, over TCP, silently closing the connection).
 * It knows each table's column types from QuestDB (asked once per table, on the first row for it) and from the rows
 * it let through in this run: the first type sent for a new column wins, as it does in QuestDB.
 *
 * <pre>{@code
 * RowCheck guard = new SchemaGuard(SchemaGuard.questDbLookup(SqlClient.connect("http://127.0.0.1:9000")), Clock.SYSTEM);
 * LineConverter converter = LineConverter.of(input, guard);
 * }</pre>
 *
 * The cast rules are QuestDB 9.3.4's, checked type by type against a real server by {@code SchemaGuardIT}:
 * LONG or BOOLEAN into DOUBLE/FLOAT is fine, DOUBLE into LONG/INT (even 5.0) is not, a LONG must fit INT/SHORT/BYTE,
 * anything goes into SYMBOL, a symbol into VARCHAR is fine but a number is not, only LONG or TIMESTAMP go into
 * TIMESTAMP/DATE. Column types it does not know (UUID, IPv4, arrays...) are left for QuestDB to judge.
 * Single-threaded, like the pipeline.
 */
public final class SchemaGuard implements RowCheck {
    /** A table's columns as QuestDB reports them (name → type, e.g. {@code DOUBLE}); empty when it has no such table. */
    @FunctionalInterface
    public interface SchemaLookup {
        Map<String, String> columns(String table);
    }

    /** No lookup: only what this run sent is known (e.g. for ILP over TCP without an HTTP endpoint to ask). */
    public static final SchemaLookup NONE = table -> Map.of();

    private static final long RETRY_NANOS = 10_000_000_000L;

    private final SchemaLookup lookup;
    private final Clock clock;
    private final Map<String, Map<String, String>> tables = new HashMap<>();
    private final Map<String, Long> failedLookups = new HashMap<>();
    private final Map<String, TableTypes> byName = new HashMap<>();

    public SchemaGuard(SchemaLookup lookup, Clock clock) {
        this.lookup = lookup;
        this.clock = clock;
    }

    /** Asks QuestDB {@code SELECT "column", type FROM table_columns('t')}; a missing table gives an empty schema. */
    public static SchemaLookup questDbLookup(SqlClient sql) {
        return table -> {
            QueryResult exists = sql.query("SELECT count() FROM tables() WHERE table_name = '" + table.replace("'", "''") + "'");
            if (exists.longValue(0, 0) == 0) return Map.of();
            QueryResult r = sql.query("SELECT \"column\", type FROM table_columns('" + table.replace("'", "''") + "')");
            Map<String, String> columns = new HashMap<>();
            for (List<Object> row : r.rows()) columns.put(String.valueOf(row.get(0)), String.valueOf(row.get(1)));
            return columns;
        };
    }

    @Override
    public Optional<String> problem(Row row) {
        TableTypes schema = byName.get(row.table());
        if (schema == null || (schema.provisional && clock.nanos() - schema.builtAt >= RETRY_NANOS)) {
            Map<String, String> types = schema(row.table());
            schema = new TableTypes(types, failedLookups.containsKey(row.table().toLowerCase(Locale.ROOT)), clock.nanos());
            byName.put(row.table(), schema);
        }
        for (Row.Column c : row.columns()) {
            String existing = schema.type(c.name());
            if (existing != null && !accepts(existing, c)) {
                return Optional.of("value does not fit the column's type [table=" + row.table() + ", column=" + c.name() + ", column_type="
                        + existing + ", value_type=" + c.type() + ", value=" + abbreviate(c.value()) + "]");
            }
        }
        for (Row.Column c : row.columns()) {
            schema.learn(c.name(), c.type() == ColumnType.VARCHAR ? "VARCHAR" : c.type().name());
        }
        return Optional.empty();
    }

    /**
     * Settled: QuestDB reported the table (not a provisional schema, which is asked again later), the column has a
     * type already (so nothing is learnt) and that type takes every value of the sent type (not LONG into INT, which
     * depends on the value).
     */
    @Override
    public boolean settled(String table) {
        TableTypes schema = byName.get(table);
        return schema != null && !schema.provisional;
    }

    @Override
    public boolean settled(String table, String column, ColumnType type) {
        TableTypes schema = byName.get(table);
        if (schema == null || schema.provisional) return false;
        String existing = schema.type(column);
        if (existing == null) return false;
        return switch (existing) {
            case "INT", "SHORT", "BYTE" -> type == ColumnType.BOOLEAN;
            default -> accepts(existing, new Row.Column(column, type, type == ColumnType.LONG ? (Object) 0L : null));
        };
    }

    /**
     * One table's column types, looked up by exact column name in front of the case-insensitive map: this runs for
     * every column of every row, so each name is lower-cased once, not once per row. {@code provisional}: QuestDB
     * could not be asked; the types are what this run sent, and QuestDB is asked again after a while.
     */
    private static final class TableTypes {
        final Map<String, String> byLower;
        final boolean provisional;
        final long builtAt;
        final Map<String, String> lowerOf = new HashMap<>();

        TableTypes(Map<String, String> byLower, boolean provisional, long builtAt) {
            this.byLower = byLower;
            this.provisional = provisional;
            this.builtAt = builtAt;
        }

        String type(String name) {
            return byLower.get(lowerOf.computeIfAbsent(name, n -> n.toLowerCase(Locale.ROOT)));
        }

        void learn(String name, String type) {
            byLower.putIfAbsent(lowerOf.computeIfAbsent(name, n -> n.toLowerCase(Locale.ROOT)), type);
        }
    }

    private Map<String, String> schema(String table) {
        String key = table.toLowerCase(Locale.ROOT);
        Map<String, String> schema = tables.get(key);
        if (schema != null) return schema;
        Long failedAt = failedLookups.get(key);
        if (failedAt != null && clock.nanos() - failedAt < RETRY_NANOS) {
            return tables.computeIfAbsent("\0" + key, k -> new HashMap<>());
        }
        Map<String, String> known = new HashMap<>();
        try {
            lookup.columns(table).forEach((c, t) -> known.put(c.toLowerCase(Locale.ROOT), t.toUpperCase(Locale.ROOT)));
        } catch (RuntimeException e) {
            // QuestDB unreachable: judge by what this run sent for now, ask again later.
            failedLookups.put(key, clock.nanos());
            return tables.computeIfAbsent("\0" + key, k -> new HashMap<>());
        }
        Map<String, String> learned = tables.remove("\0" + key);
        if (learned != null) learned.forEach(known::putIfAbsent);
        failedLookups.remove(key);
        tables.put(key, known);
        return known;
    }

    /** Whether QuestDB stores a value of this type in a column of that type (verified by SchemaGuardIT). */
    static boolean accepts(String columnType, Row.Column value) {
        ColumnType sent = value.type();
        return switch (columnType) {
            case "DOUBLE", "FLOAT" -> sent == ColumnType.DOUBLE || sent == ColumnType.LONG || sent == ColumnType.BOOLEAN;
            case "LONG", "INT", "SHORT", "BYTE" -> (sent == ColumnType.LONG && fits(columnType, (Long) value.value())) || sent == ColumnType.BOOLEAN;
            case "VARCHAR", "STRING" -> sent == ColumnType.VARCHAR || sent == ColumnType.SYMBOL;
            case "SYMBOL" -> true;
            case "BOOLEAN" -> sent == ColumnType.BOOLEAN;
            case "TIMESTAMP", "TIMESTAMP_NS", "DATE" -> sent == ColumnType.TIMESTAMP || sent == ColumnType.LONG;
            default -> true;
        };
    }

    private static boolean fits(String columnType, long v) {
        return switch (columnType) {
            case "INT" -> v > Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            case "SHORT" -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case "BYTE" -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
            default -> true;
        };
    }

    private static String abbreviate(Object value) {
        String s = String.valueOf(value);
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
