package io.stratmon.shipper.mapping;

import io.stratmon.shipper.parse.LogRecord;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps a record to a row by the rules of a {@link MappingConfig}: the name key (or a fixed name) picks the table,
 * the time key the designated timestamp; declared types are converted and checked; tags become SYMBOL; numbers
 * DOUBLE (as Telegraf does, so 5 then 5.5 never conflict); booleans BOOLEAN; other strings as configured; arrays their
 * JSON text. JSON nulls, NaN and ±Infinity are left out (QuestDB stores them as NULL anyway).
 *
 * <p>Column names are unique case-insensitively (QuestDB's names are) and never {@code timestamp} (the designated
 * column of tables ILP creates): a later key that would take a used name is numbered ({@code a_b_2}).
 * What each key becomes is worked out once per distinct key and cached, so a line costs a hash lookup per field.
 */
public final class RuleBasedRowMapper implements RowMapper {
    private static final int MAX_CACHED_KEYS = 10_000;
    private static final String DESIGNATED = "timestamp";

    private final MappingConfig config;
    private final TimeFormat timeFormat;
    private final InstantSource clock;
    private final String fixedTable;
    private final String defaultTable;
    private final KeyPattern tags, strings, include, exclude;
    private final Map<String, Rule> rules = new ConcurrentHashMap<>();
    /** Event name → sanitized table name: the same few names come on every line. */
    private final Map<String, String> tableNames = new ConcurrentHashMap<>();

    private enum Kind { SKIP, TAG, STRING, TYPED, AUTO, BAD_NAME }

    private record Rule(Kind kind, String column, String lower, FieldType type) {}

    public RuleBasedRowMapper(MappingConfig config) {
        this(config, InstantSource.system());
    }

    /** @param clock the arrival time, for {@code time_fallback = "arrival"} and inputs without a time key */
    public RuleBasedRowMapper(MappingConfig config, InstantSource clock) {
        var problems = config.problems();
        if (!problems.isEmpty()) throw new IllegalArgumentException("Invalid mapping: " + problems.stream().map(Object::toString).collect(java.util.stream.Collectors.joining("; ")));
        this.config = config;
        this.clock = clock;
        this.timeFormat = config.compiledTimeFormat();
        this.fixedTable = config.table() == null ? null : Names.table(config.tablePrefix() + config.table() + config.tableSuffix());
        this.defaultTable = Names.table(config.tablePrefix() + config.defaultTable() + config.tableSuffix());
        this.tags = KeyPattern.of(config.tags());
        this.strings = KeyPattern.of(config.stringFields());
        this.include = KeyPattern.of(config.include());
        this.exclude = KeyPattern.of(config.exclude());
    }

    @Override
    public Mapped map(LogRecord record) {
        try {
            return mapRecord(record);
        } catch (RuntimeException e) {
            // A bug must not stop the pipeline: the line is dead-lettered with what went wrong.
            return new Mapped.Rejected("cannot map the line: " + e);
        }
    }

    private Mapped mapRecord(LogRecord record) {
        String table = fixedTable;
        if (table == null) {
            Object name = config.nameKey() == null ? null : record.get(config.nameKey());
            if (name instanceof String s) {
                table = tableNames.get(s);
                if (table == null) {
                    table = Names.table(config.tablePrefix().isEmpty() && config.tableSuffix().isEmpty() ? s
                            : config.tablePrefix() + s + config.tableSuffix());
                    if (tableNames.size() < MAX_CACHED_KEYS) tableNames.put(s, table);
                }
                if (table.isEmpty()) {
                    return new Mapped.Rejected("no usable table name [key=" + config.nameKey() + ", value=" + s + "]");
                }
            } else {
                table = defaultTable;
            }
        }
        long nanos;
        if (config.timeKey() == null) {
            nanos = arrival();
        } else {
            Object time = record.get(config.timeKey());
            if (time == null) {
                if (config.timeFallback() != MappingConfig.TimeFallback.ARRIVAL) {
                    return new Mapped.Rejected("missing timestamp [key=" + config.timeKey() + "]");
                }
                nanos = arrival();
            } else {
                nanos = timeFormat.nanos(time);
                if (nanos == TimeFormat.INVALID) return new Mapped.Rejected(badTime(time));
            }
        }
        Map<String, Object> fields = record.fields();
        List<Row.Column> columns = new ArrayList<>(fields.size());
        String[] used = new String[fields.size()];
        int count = 0;
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            Object value = field.getValue();
            if (value == null) continue;
            Rule rule = rule(field.getKey());
            if (rule.kind == Kind.SKIP) continue;
            if (rule.kind == Kind.BAD_NAME) {
                return new Mapped.Rejected("no usable column name [key=" + field.getKey() + "]");
            }
            Row.Column column;
            switch (rule.kind) {
                case TAG -> column = new Row.Column(rule.column, ColumnType.SYMBOL, text(value, true));
                case STRING -> column = value instanceof String s ? new Row.Column(rule.column, ColumnType.VARCHAR, s) : auto(rule.column, value, true);
                case TYPED -> {
                    Object converted = convert(rule.type, value);
                    if (converted == NOT_A_VALUE) continue;
                    if (converted == null) {
                        return new Mapped.Rejected("value does not fit the declared type [key=" + field.getKey() + ", type="
                                + rule.type.key() + ", value=" + abbreviate(value) + "]");
                    }
                    column = new Row.Column(rule.column, rule.type.column(), converted);
                }
                default -> column = auto(rule.column, value, false);
            }
            if (column == null) continue;
            String lower = rule.lower;
            if (taken(used, count, lower)) {
                String name = rule.column;
                for (int i = 2; ; i++) {
                    String candidate = name + "_" + i;
                    lower = candidate.toLowerCase(Locale.ROOT);
                    if (!taken(used, count, lower)) {
                        column = new Row.Column(candidate, column.type(), column.value());
                        break;
                    }
                }
            }
            used[count++] = lower;
            columns.add(column);
        }
        return new Mapped.Ok(new Row(table, nanos, columns));
    }

    private static boolean taken(String[] used, int count, String lower) {
        if (lower.equals(DESIGNATED)) return true;
        for (int i = 0; i < count; i++) {
            if (used[i].equals(lower)) return true;
        }
        return false;
    }

    private long arrival() {
        return TimeFormat.toNanos(clock.instant());
    }

    private String badTime(Object time) {
        String reason = "unparseable timestamp [key=" + config.timeKey() + ", format=" + timeFormat.spec() + ", value=" + abbreviate(time) + "]";
        if (timeFormat instanceof TimeFormat.Iso iso && iso.needsOffset()
                && TimeFormat.of("iso", java.time.ZoneOffset.UTC).nanos(time) != TimeFormat.INVALID) {
            reason = "timestamp has no zone offset and no timezone is configured [key=" + config.timeKey()
                    + ", value=" + abbreviate(time) + "]";
        }
        return reason;
    }

    /** What a key becomes: worked out once per key (a bounded cache, so odd keys cannot grow it without limit). */
    private Rule rule(String key) {
        Rule rule = rules.get(key);
        if (rule == null) {
            rule = decide(key);
            if (rules.size() < MAX_CACHED_KEYS) rules.put(key, rule);
        }
        return rule;
    }

    private Rule decide(String key) {
        if (key.equals(config.timeKey())) return new Rule(Kind.SKIP, null, null, null);
        String sanitized = Names.column(key);
        if (!include.isEmpty() && !matches(include, key, sanitized)) return new Rule(Kind.SKIP, null, null, null);
        if (matches(exclude, key, sanitized)) return new Rule(Kind.SKIP, null, null, null);
        String renamed = config.rename().get(key);
        if (renamed == null) renamed = config.rename().get(sanitized);
        String column = renamed == null ? sanitized : Names.column(renamed);
        FieldType type = config.types().get(key);
        if (type == null) type = config.types().get(sanitized);
        Kind kind;
        if (type != null) kind = Kind.TYPED;
        else if (matches(tags, key, sanitized)) kind = Kind.TAG;
        else if (matches(strings, key, sanitized)) kind = Kind.STRING;
        else if (key.equals(config.nameKey())) kind = Kind.SKIP;
        else kind = Kind.AUTO;
        if (kind != Kind.SKIP && column.isEmpty()) kind = Kind.BAD_NAME;
        return new Rule(kind, column, column.toLowerCase(Locale.ROOT), type);
    }

    private static boolean matches(KeyPattern pattern, String key, String sanitized) {
        return pattern.matches(key) || (!sanitized.equals(key) && pattern.matches(sanitized));
    }

    /** The default typing; null to leave the value out. {@code listed}: a string field, whose booleans are kept. */
    private Row.Column auto(String column, Object value, boolean listed) {
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
        if (value instanceof Long || value instanceof BigInteger) {
            return new Row.Column(column, ColumnType.DOUBLE, ((Number) value).doubleValue());
        }
        if (value instanceof Boolean b) {
            return listed || config.otherBooleans() ? new Row.Column(column, ColumnType.BOOLEAN, b) : null;
        }
        return new Row.Column(column, ColumnType.VARCHAR, value.toString());
    }

    /** Marks a value that is present but stored as NULL (NaN): the column is left out, the line kept. */
    private static final Object NOT_A_VALUE = new Object();

    /** The value converted to the declared type, {@link #NOT_A_VALUE}, or null when it does not fit. */
    private Object convert(FieldType type, Object value) {
        switch (type) {
            case DOUBLE -> {
                double d;
                if (value instanceof Number n) d = n.doubleValue();
                else if (value instanceof String s) {
                    try {
                        d = Double.parseDouble(s.trim());
                    } catch (NumberFormatException e) {
                        return null;
                    }
                } else return null;
                return Double.isNaN(d) || Double.isInfinite(d) ? NOT_A_VALUE : (Object) d;
            }
            case LONG -> {
                try {
                    if (value instanceof Long l) return l;
                    if (value instanceof Double d) {
                        if (d.isNaN() || d.isInfinite()) return null;
                        return new BigDecimal(Double.toString(d)).longValueExact();
                    }
                    if (value instanceof BigInteger b) return b.longValueExact();
                    if (value instanceof String s) return new BigDecimal(s.trim()).longValueExact();
                } catch (ArithmeticException | NumberFormatException e) {
                    return null;
                }
                return null;
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
                return nanos == TimeFormat.INVALID ? null : (Object) nanos;
            }
        }
        return null;
    }

    /** A scalar as text. Tags write doubles as Telegraf does (plain digits, no trailing .0: 5.0 → "5"). */
    private static String text(Object value, boolean tag) {
        if (value instanceof String s) return s;
        if (value instanceof Double d && tag && !d.isNaN() && !d.isInfinite()) {
            return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    private static String abbreviate(Object value) {
        String s = String.valueOf(value);
        return s.length() <= 100 ? s : s.substring(0, 100) + "…(" + s.length() + " chars)";
    }
}
