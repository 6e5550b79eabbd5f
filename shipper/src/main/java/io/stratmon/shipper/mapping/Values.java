package io.stratmon.shipper.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A record's values as column values: the default typing and the declared types' conversions. A number that a
 * DOUBLE column cannot hold (beyond ±1.8e308, or so small it would read as 0) is refused, never stored as NULL,
 * Infinity or 0; the parser keeps such numbers as {@link BigDecimal}/{@link BigInteger}, exactly as written.
 */
final class Values {
    /** Marks a value that is present but stored as NULL (NaN): the column is left out, the line kept. */
    static final Object NOT_A_VALUE = new Object();
    /** Marks a number outside a DOUBLE's range: the line is dead-lettered. */
    static final Object OUT_OF_RANGE = new Object();

    private Values() {}

    /** The default typing ({@code listed}: a string field, whose booleans are kept); null to leave the value out. */
    static Row.Column auto(MappingConfig config, String column, Object value, boolean listed) {
        if (value instanceof String s) {
            return switch (config.otherStrings()) {
                case VARCHAR -> new Row.Column(column, ColumnType.VARCHAR, s);
                case SYMBOL -> new Row.Column(column, ColumnType.SYMBOL, s);
                case DROP -> null;
            };
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : new Row.Column(column, ColumnType.DOUBLE, d);
        }
        if (value instanceof Long l) return new Row.Column(column, ColumnType.DOUBLE, l.doubleValue());
        if (value instanceof Boolean b) {
            return listed || config.otherBooleans() ? new Row.Column(column, ColumnType.BOOLEAN, b) : null;
        }
        return new Row.Column(column, ColumnType.VARCHAR, value.toString());
    }

    /**
     * A DOUBLE of a big number (BigInteger or BigDecimal), {@link #OUT_OF_RANGE} when a double cannot hold it;
     * null for any other value.
     */
    static Object bigDouble(Object value) {
        double d;
        if (value instanceof BigInteger b) d = b.doubleValue();
        else if (value instanceof BigDecimal b) d = b.doubleValue();
        else return null;
        boolean zero = value instanceof BigDecimal b ? b.signum() == 0 : ((BigInteger) value).signum() == 0;
        return Double.isInfinite(d) || (d == 0 && !zero) ? OUT_OF_RANGE : (Object) d;
    }

    /** The value converted to the declared type, {@link #NOT_A_VALUE}, {@link #OUT_OF_RANGE}, or null when it does not fit. */
    static Object convert(FieldType type, TimeFormat timeFormat, Object value) {
        switch (type) {
            case DOUBLE -> {
                Object big = bigDouble(value);
                if (big != null) return big;
                double d;
                if (value instanceof Number n) d = n.doubleValue();
                else if (value instanceof String s) {
                    try {
                        d = Double.parseDouble(s.trim());
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    if (Double.isInfinite(d) && !s.contains("Infinity")) return OUT_OF_RANGE;
                } else return null;
                return Double.isNaN(d) || Double.isInfinite(d) ? NOT_A_VALUE : (Object) d;
            }
            case LONG -> {
                Object l = exactLong(value);
                // The lowest long is QuestDB's NULL for a LONG column: storing it would turn the value into NULL.
                return l instanceof Long v && v == Long.MIN_VALUE ? OUT_OF_RANGE : l;
            }
            case BOOLEAN -> {
                if (value instanceof Boolean b) return b;
                if (value instanceof String s) {
                    if (s.trim().equalsIgnoreCase("true")) return Boolean.TRUE;
                    if (s.trim().equalsIgnoreCase("false")) return Boolean.FALSE;
                }
                return null;
            }
            case STRING, SYMBOL -> {
                return text(value, false);
            }
            case TIMESTAMP -> {
                long nanos = timeFormat.nanos(value);
                if (nanos == TimeFormat.OUT_OF_RANGE) return OUT_OF_RANGE;
                return nanos == TimeFormat.INVALID ? null : (Object) nanos;
            }
        }
        return null;
    }

    /** An integer value as a Long, exactly, or null. */
    private static Object exactLong(Object value) {
        try {
            if (value instanceof Long l) return l;
            if (value instanceof Double d) {
                if (d.isNaN() || d.isInfinite()) return null;
                return new BigDecimal(Double.toString(d)).longValueExact();
            }
            if (value instanceof BigInteger b) return b.longValueExact();
            if (value instanceof BigDecimal b) return b.longValueExact();
            if (value instanceof String s && s.length() <= 100) return new BigDecimal(s.trim()).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** What a declared type holds, as reasons for {@link #OUT_OF_RANGE} name it. */
    static String range(FieldType type) {
        return switch (type) {
            case DOUBLE -> "±4.9e-324..±1.8e308";
            case LONG -> "-9223372036854775807..9223372036854775807 (the lowest long is NULL in QuestDB)";
            case TIMESTAMP -> TimeRange.COLUMN;
            default -> "";
        };
    }

    /** A scalar as text. Tags write doubles as Telegraf does (plain digits, no trailing .0: 5.0 → "5"). */
    static String text(Object value, boolean tag) {
        if (value instanceof String s) return s;
        if (value instanceof Double d && tag && !d.isNaN() && !d.isInfinite()) {
            return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    static String abbreviate(Object value) {
        String s = String.valueOf(value);
        return s.length() <= 100 ? s : s.substring(0, 100) + "…(" + s.length() + " chars)";
    }
}
