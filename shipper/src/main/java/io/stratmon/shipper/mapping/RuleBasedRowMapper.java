package io.stratmon.shipper.mapping;

import io.stratmon.shipper.mapping.KeyRules.Kind;
import io.stratmon.shipper.mapping.KeyRules.Rule;
import io.stratmon.shipper.parse.LogRecord;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps a record to a row by the rules of a {@link MappingConfig}: the name key (or a fixed name) picks the table,
 * the time key the designated timestamp; declared types are converted and checked; tags become SYMBOL; numbers
 * DOUBLE (as Telegraf does, so 5 then 5.5 never conflict); booleans BOOLEAN; other strings as configured; arrays their
 * JSON text. JSON nulls, NaN and ±Infinity are left out (QuestDB stores them as NULL anyway).
 *
 * <p>Column names are unique case-insensitively (QuestDB's names are) and never {@code timestamp} (the designated
 * column of tables ILP creates): a later key that would take a used name is numbered ({@code a_b_2}). The input's
 * {@link Labels} come first, so a field named like a label is numbered ({@code host_2}).
 * What each key becomes is worked out once per distinct key and cached, so a line costs a hash lookup per field.
 */
public final class RuleBasedRowMapper implements RowMapper {
    private static final int MAX_CACHED_KEYS = 10_000;

    private final MappingConfig config;
    private final Labels labels;
    private final TimeFormat timeFormat;
    private final InstantSource clock;
    private final String fixedTable;
    private final String defaultTable;
    private final KeyRules keyRules;
    private final Map<String, Rule> rules = new ConcurrentHashMap<>();
    /** Event name → sanitized table name: the same few names come on every line. */
    private final Map<String, String> tableNames = new ConcurrentHashMap<>();

    public RuleBasedRowMapper(MappingConfig config) {
        this(config, InstantSource.system());
    }

    /** @param clock the arrival time, for {@code time_fallback = "arrival"} and inputs without a time key */
    public RuleBasedRowMapper(MappingConfig config, InstantSource clock) {
        this(config, clock, Labels.NONE);
    }

    /** @param labels constant SYMBOL columns on every row, ahead of the line's own; a field of the same name is numbered */
    public RuleBasedRowMapper(MappingConfig config, InstantSource clock, Labels labels) {
        this.labels = labels;
        var problems = config.problems();
        if (!problems.isEmpty()) throw new IllegalArgumentException("Invalid mapping: " + problems.stream().map(Object::toString).collect(java.util.stream.Collectors.joining("; ")));
        this.config = config;
        this.clock = clock;
        this.timeFormat = config.compiledTimeFormat();
        this.fixedTable = config.table() == null ? null : Names.table(config.tablePrefix() + config.table() + config.tableSuffix());
        this.defaultTable = Names.table(config.tablePrefix() + config.defaultTable() + config.tableSuffix());
        this.keyRules = new KeyRules(config);
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
                    table = keyRules.table(s);
                    if (tableNames.size() < MAX_CACHED_KEYS) tableNames.put(s, table);
                }
                if (table.isEmpty()) {
                    return new Mapped.Rejected("no usable table name [key=" + config.nameKey() + ", value=" + abbreviate(s) + "]");
                }
                if (Names.reservedTable(table)) {
                    return new Mapped.Rejected("table names starting with " + Names.RESERVED_TABLE_PREFIX + " are reserved for "
                            + "stratmon's own tables; rename the event or set a table_prefix [key=" + config.nameKey()
                            + ", value=" + abbreviate(s) + ", table=" + table + "]");
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
                if (!TimeRange.designated(nanos)) {
                    return new Mapped.Rejected("timestamp outside what QuestDB stores [key=" + config.timeKey() + ", value="
                            + abbreviate(time) + ", range=" + TimeRange.DESIGNATED + "]");
                }
            }
        }
        Map<String, Object> fields = record.fields();
        int expected = Math.min(fields.size() + labels.columns().size(), config.maxColumns());
        List<Row.Column> columns = new ArrayList<>(expected);
        ColumnNames used = new ColumnNames(expected);
        if (!labels.columns().isEmpty()) {
            columns.addAll(labels.columns());
            labels.reserve(used);
        }
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            Object value = field.getValue();
            if (value == null) continue;
            Rule rule = rule(field.getKey());
            if (rule.kind() == Kind.SKIP) continue;
            if (rule.kind() == Kind.BAD_NAME) {
                return new Mapped.Rejected("no usable column name [key=" + abbreviate(field.getKey()) + "]");
            }
            Row.Column column;
            switch (rule.kind()) {
                case TAG -> column = new Row.Column(rule.column(), ColumnType.SYMBOL, Values.text(value, true));
                case TYPED -> {
                    Object converted = Values.convert(rule.type(), timeFormat, value);
                    if (converted == Values.NOT_A_VALUE) continue;
                    if (converted == null || converted == Values.OUT_OF_RANGE) {
                        return new Mapped.Rejected((converted == null ? "value does not fit the declared type"
                                : "value out of range for the declared type") + " [key=" + abbreviate(field.getKey()) + ", type="
                                + rule.type().key() + ", value=" + abbreviate(value)
                                + (converted != null ? ", range=" + Values.range(rule.type()) : "") + "]");
                    }
                    column = new Row.Column(rule.column(), rule.type().column(), converted);
                }
                default -> {
                    Object big = Values.bigDouble(value);
                    if (big == Values.OUT_OF_RANGE) {
                        return new Mapped.Rejected("number out of range for a DOUBLE column (±4.9e-324 to ±1.8e308) [key="
                                + abbreviate(field.getKey()) + ", value=" + abbreviate(value) + "]");
                    }
                    if (big != null) column = new Row.Column(rule.column(), ColumnType.DOUBLE, big);
                    else column = rule.kind() == Kind.STRING && value instanceof String s ? new Row.Column(rule.column(), ColumnType.VARCHAR, s)
                            : Values.auto(config, rule.column(), value, rule.kind() == Kind.STRING);
                }
            }
            if (column == null) continue;
            if (used.size() == config.maxColumns()) {
                return new Mapped.Rejected("too many columns in one line [columns>" + config.maxColumns() + ", max_columns="
                        + config.maxColumns() + "]");
            }
            String name = used.add(rule.column(), rule.folded());
            columns.add(name == rule.column() ? column : new Row.Column(name, column.type(), column.value()));
        }
        return new Mapped.Ok(new Row(table, nanos, columns));
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
            rule = keyRules.decide(key);
            if (rules.size() < MAX_CACHED_KEYS) rules.put(key, rule);
        }
        return rule;
    }

    private static String abbreviate(Object value) {
        return Values.abbreviate(value);
    }
}
