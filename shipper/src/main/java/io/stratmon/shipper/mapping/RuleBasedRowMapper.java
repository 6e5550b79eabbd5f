package io.stratmon.shipper.mapping;

import io.stratmon.shipper.parse.LogRecord;

import java.math.BigInteger;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a record to a row by the rules of a {@link MappingConfig}: the name key picks the table, the time key the
 * designated timestamp; numbers become DOUBLE (as Telegraf does, so 5 then 5.5 never conflict), booleans BOOLEAN,
 * strings SYMBOL when listed as symbol keys and VARCHAR otherwise, arrays their JSON text; JSON nulls are left out.
 */
public final class RuleBasedRowMapper implements RowMapper {
    private final MappingConfig config;
    private final String defaultTable;

    public RuleBasedRowMapper(MappingConfig config) {
        this.config = config;
        this.defaultTable = Names.table(config.defaultTable());
    }

    @Override
    public Mapped map(LogRecord record) {
        Object name = record.get(config.nameKey());
        String table = name == null ? defaultTable : Names.table(String.valueOf(name));
        if (table.isEmpty()) {
            return new Mapped.Rejected("no usable table name [key=" + config.nameKey() + ", value=" + name + "]");
        }
        Object time = record.get(config.timeKey());
        if (time == null) {
            return new Mapped.Rejected("missing timestamp [key=" + config.timeKey() + "]");
        }
        long nanos;
        try {
            nanos = Timestamps.parseIsoNanos(String.valueOf(time));
        } catch (DateTimeParseException | ArithmeticException e) {
            return new Mapped.Rejected("unparseable timestamp [key=" + config.timeKey() + ", value=" + time + "]");
        }
        List<Row.Column> columns = new ArrayList<>(record.fields().size());
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, Object> field : record.fields().entrySet()) {
            String key = field.getKey();
            Object value = field.getValue();
            if (value == null || key.equals(config.nameKey()) || key.equals(config.timeKey())) continue;
            String column = unique(Names.column(key), used);
            if (column.isEmpty()) {
                return new Mapped.Rejected("no usable column name [key=" + key + "]");
            }
            columns.add(column(column, key, value));
        }
        return new Mapped.Ok(new Row(table, nanos, columns));
    }

    private Row.Column column(String column, String key, Object value) {
        if (value instanceof String s) {
            return new Row.Column(column, config.symbolKeys().contains(key) ? ColumnType.SYMBOL : ColumnType.VARCHAR, s);
        }
        if (value instanceof Double || value instanceof Long || value instanceof BigInteger) {
            return new Row.Column(column, ColumnType.DOUBLE, ((Number) value).doubleValue());
        }
        if (value instanceof Boolean b) {
            return new Row.Column(column, ColumnType.BOOLEAN, b);
        }
        return new Row.Column(column, ColumnType.VARCHAR, value.toString());
    }

    /** Two keys may sanitize to the same name ({@code a-b}, {@code a_b}): number the later ones rather than lose them. */
    private static String unique(String column, Set<String> used) {
        if (column.isEmpty() || used.add(column)) return column;
        for (int i = 2; ; i++) {
            String candidate = column + "_" + i;
            if (used.add(candidate)) return candidate;
        }
    }
}
