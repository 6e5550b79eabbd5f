package io.stratmon.shipper.mapping;

import java.util.List;

/**
 * What a table stores for one line: table name, designated timestamp and typed columns.
 * Column values match their type: String (SYMBOL, VARCHAR), Double, Long, Boolean, Long epoch nanos (TIMESTAMP).
 *
 * @param timestampNanos the designated timestamp, epoch nanoseconds
 */
public record Row(String table, long timestampNanos, List<Column> columns) {

    public record Column(String name, ColumnType type, Object value) {}

    /** The value of a column, or null when the row has no such column. */
    public Object value(String column) {
        for (Column c : columns) {
            if (c.name().equals(column)) return c.value();
        }
        return null;
    }
}
