package io.stratmon.shipper.mapping;

import java.util.Locale;

/** A type a field can be declared with ({@code types = { qty = "long" }}), and the column type it becomes. */
public enum FieldType {
    DOUBLE(ColumnType.DOUBLE),
    LONG(ColumnType.LONG),
    BOOLEAN(ColumnType.BOOLEAN),
    /** Free text: a VARCHAR column. */
    STRING(ColumnType.VARCHAR),
    SYMBOL(ColumnType.SYMBOL),
    /** A time in the input's {@code time_format} (and zone): a TIMESTAMP column. */
    TIMESTAMP(ColumnType.TIMESTAMP);

    private final ColumnType column;

    FieldType(ColumnType column) {
        this.column = column;
    }

    public ColumnType column() {
        return column;
    }

    /** The config name: {@code double}, {@code long}... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config name ({@code varchar} and {@code int} are accepted as aliases); null when unknown. */
    public static FieldType parse(String text) {
        if (text == null) return null;
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "double", "float" -> DOUBLE;
            case "long", "int", "integer" -> LONG;
            case "boolean", "bool" -> BOOLEAN;
            case "string", "varchar" -> STRING;
            case "symbol", "tag" -> SYMBOL;
            case "timestamp" -> TIMESTAMP;
            default -> null;
        };
    }
}
