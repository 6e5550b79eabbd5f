package io.stratmon.sql;

import java.util.List;

/** The rows of one query, in QuestDB's column order. Values are Long, Double, Boolean, String or null; timestamps are ISO-8601 strings. */
public record QueryResult(List<Column> columns, List<List<Object>> rows) {

    /** One result column as QuestDB names and types it (e.g. {@code TIMESTAMP}, {@code DOUBLE}, {@code SYMBOL}). */
    public record Column(String name, String type) {}

    public int size() {
        return rows.size();
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Index of the column called {@code name}, or -1. */
    public int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) return i;
        }
        return -1;
    }

    public Object value(int row, int column) {
        return rows.get(row).get(column);
    }

    public long longValue(int row, int column) {
        return ((Number) value(row, column)).longValue();
    }

    public double doubleValue(int row, int column) {
        return ((Number) value(row, column)).doubleValue();
    }

    /** The result as tab-separated text with a header line, handy in assertions. */
    public String toTsv() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i == 0 ? "" : "\t").append(columns.get(i).name());
        }
        sb.append('\n');
        for (List<Object> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                sb.append(i == 0 ? "" : "\t").append(row.get(i));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
