package io.stratmon.shipper.fast;

import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.FieldType;
import io.stratmon.shipper.mapping.KeyRules;
import io.stratmon.shipper.mapping.MappingConfig;
import io.stratmon.shipper.mapping.Names;
import io.stratmon.shipper.mapping.TimeFormat;
import io.stratmon.shipper.mapping.TimeRange;
import io.stratmon.shipper.mapping.Timestamps;
import io.stratmon.shipper.sink.IlpEncoder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads one line into the columns of its row, typed as the general mapper ({@code RuleBasedRowMapper}) types them:
 * the same key rules ({@link KeyRules}), the same time format, the same default typing. What it cannot be sure of
 * (a key twice, two columns that fold to one name, a value a rule does not take as it is, too many columns, a
 * missing or unreadable time, a key or table it has no room left to plan) returns false from {@link #read}.
 */
final class RowScan implements JsonScan.Leaves {
    private static final int MAX_KEYS = 4096;

    private final MappingConfig config;
    private final KeyRules rules;
    private final TimeFormat timeFormat;
    private final ByteKeys<KeyPlan> keys = new ByteKeys<>(MAX_KEYS);
    private final Map<String, Integer> columnIds = new HashMap<>();
    private final Map<String, Integer> foldIds = new HashMap<>();
    private final JsonScan json = new JsonScan(this);
    private int[] foldSeenIn = new int[64];
    private int lineNumber;
    private byte[] line;
    /** The time's minute, kept from line to line. */
    private final Timestamps.Minute minute = new Timestamps.Minute();
    /**
     * The plan of each leaf position of the last lines (the n-th scalar of a line): lines of one kind have their keys in
     * the same order, so the key at a position is first compared with the one seen there before, without hashing.
     */
    private final KeyPlan[] byPosition = new KeyPlan[64];
    private int leafIndex;

    // The row of the last line read: its columns in line order, where their values are, its name and time.
    int columns;
    KeyPlan[] plans = new KeyPlan[16];
    ColumnType[] types = new ColumnType[16];
    int[] starts = new int[16], lengths = new int[16];
    boolean[] escaped = new boolean[16];
    long[] bits = new long[16];
    /** Where the name key's string is in the line (-1: the line has no name key). */
    int nameStart, nameLength;
    long timeNanos;
    private boolean hasTime;

    /** Fold numbers of the input's labels: every row has them first, so a field of the same name would be numbered. */
    private final int[] labelFolds;

    RowScan(MappingConfig config, String[] labels) {
        this.config = config;
        this.rules = new KeyRules(config);
        this.timeFormat = config.compiledTimeFormat();
        this.labelFolds = new int[labels.length];
        for (int i = 0; i < labels.length; i++) labelFolds[i] = id(foldIds, Names.fold(labels[i]));
        foldSeenIn = new int[Math.max(64, foldIds.size())];
        Arrays.fill(foldSeenIn, -1);
    }

    boolean read(byte[] buffer, int start, int length) {
        line = buffer;
        lineNumber++;
        columns = 0;
        leafIndex = 0;
        nameStart = -1;
        hasTime = false;
        for (int fold : labelFolds) foldSeenIn[fold] = lineNumber;
        // No time key: every line takes its arrival time, which only the general path reads (from its clock).
        return config.timeKey() != null && json.scan(buffer, start, length) && hasTime;
    }

    @Override
    public boolean leaf(byte[] key, int keyOff, int keyLen, int kind, int start, int length, boolean esc, long value) {
        KeyPlan plan = plan(key, keyOff, keyLen);
        if (plan == null || plan.seenIn == lineNumber) return false;
        plan.seenIn = lineNumber;
        if (plan.time && !time(kind, start, length, esc, value)) return false;
        if (plan.name) {
            if (kind != JsonScan.STRING || esc) return false;
            nameStart = start;
            nameLength = length;
        }
        if (kind == JsonScan.NULL) return true; // left out, whatever the rule
        KeyRules.Rule rule = plan.rule;
        ColumnType type;
        switch (rule.kind()) {
            case SKIP -> {
                return true;
            }
            case BAD_NAME -> {
                return false;
            }
            case TAG -> type = kind == JsonScan.STRING ? ColumnType.SYMBOL : null;
            case TYPED -> type = typed(rule.type(), kind);
            case STRING -> type = kind == JsonScan.STRING ? ColumnType.VARCHAR : auto(kind, true);
            default -> {
                if (kind == JsonScan.STRING) {
                    switch (config.otherStrings()) {
                        case VARCHAR -> type = ColumnType.VARCHAR;
                        case SYMBOL -> type = ColumnType.SYMBOL;
                        default -> {
                            return true;
                        }
                    }
                } else {
                    type = auto(kind, config.otherBooleans());
                    if (type == null && (kind == JsonScan.TRUE || kind == JsonScan.FALSE)) return true; // booleans left out
                }
            }
        }
        if (type == null || plan.reserved || foldSeenIn[plan.fold] == lineNumber || columns + labelFolds.length >= config.maxColumns()) return false;
        foldSeenIn[plan.fold] = lineNumber;
        add(plan, type, kind, start, length, esc, value);
        return true;
    }

    /** A declared type's conversion, where it takes the JSON value as it is; null sends the line to the general path. */
    private static ColumnType typed(FieldType type, int kind) {
        return switch (type) {
            case DOUBLE -> kind == JsonScan.LONG || kind == JsonScan.DOUBLE ? ColumnType.DOUBLE : null;
            case LONG -> kind == JsonScan.LONG ? ColumnType.LONG : null;
            case BOOLEAN -> kind == JsonScan.TRUE || kind == JsonScan.FALSE ? ColumnType.BOOLEAN : null;
            case STRING -> kind == JsonScan.STRING ? ColumnType.VARCHAR : null;
            case SYMBOL -> kind == JsonScan.STRING ? ColumnType.SYMBOL : null;
            case TIMESTAMP -> null;
        };
    }

    /** The default typing of a number or boolean ({@code booleans}: whether booleans are kept). */
    private static ColumnType auto(int kind, boolean booleans) {
        if (kind == JsonScan.LONG || kind == JsonScan.DOUBLE) return ColumnType.DOUBLE;
        if (kind == JsonScan.TRUE || kind == JsonScan.FALSE) return booleans ? ColumnType.BOOLEAN : null;
        return null;
    }

    private void add(KeyPlan plan, ColumnType type, int kind, int start, int length, boolean esc, long value) {
        if (columns == plans.length) {
            int n = columns * 2;
            plans = Arrays.copyOf(plans, n);
            types = Arrays.copyOf(types, n);
            starts = Arrays.copyOf(starts, n);
            lengths = Arrays.copyOf(lengths, n);
            escaped = Arrays.copyOf(escaped, n);
            bits = Arrays.copyOf(bits, n);
        }
        // Values as the general mapper holds them: an integer in a DOUBLE column is its double, a boolean 1 or 0.
        long v = value;
        if (type == ColumnType.DOUBLE && kind == JsonScan.LONG) v = Double.doubleToRawLongBits((double) value);
        else if (type == ColumnType.BOOLEAN) v = kind == JsonScan.TRUE ? 1 : 0;
        plans[columns] = plan;
        types[columns] = type;
        starts[columns] = start;
        lengths[columns] = length;
        escaped[columns] = esc;
        bits[columns] = v;
        columns++;
    }

    private boolean time(int kind, int start, int length, boolean esc, long value) {
        long nanos;
        if (kind == JsonScan.STRING && !esc) nanos = timeFormat.fastNanos(line, start, length, minute);
        else if (kind == JsonScan.LONG) nanos = timeFormat.fastNanos(value);
        else return false;
        if (nanos == TimeFormat.INVALID || !TimeRange.designated(nanos)) return false;
        timeNanos = nanos;
        hasTime = true;
        return true;
    }

    private KeyPlan plan(byte[] key, int off, int len) {
        int at = leafIndex++;
        if (at < byPosition.length) {
            KeyPlan guess = byPosition[at];
            if (guess != null && ByteKeys.same(guess.key, key, off, len)) return guess;
            KeyPlan plan = lookUp(key, off, len);
            byPosition[at] = plan;
            return plan;
        }
        return lookUp(key, off, len);
    }

    private KeyPlan lookUp(byte[] key, int off, int len) {
        int hash = ByteKeys.hash(key, off, len);
        KeyPlan plan = keys.get(key, off, len, hash);
        if (plan != null) return plan;
        String text = new String(key, off, len, StandardCharsets.UTF_8);
        KeyRules.Rule rule = rules.decide(text);
        boolean column = rule.kind() != KeyRules.Kind.SKIP && rule.kind() != KeyRules.Kind.BAD_NAME;
        plan = new KeyPlan(rule, text.equals(config.timeKey()), config.table() == null && text.equals(config.nameKey()),
                column ? id(columnIds, rule.column()) : -1, column ? id(foldIds, rule.folded()) : -1,
                column ? IlpEncoder.escaped(rule.column(), false) : null, column && KeyRules.reservedColumn(rule.folded()));
        if (!keys.put(key, off, len, hash, plan)) return null;
        plan.key = Arrays.copyOfRange(key, off, off + len);
        if (foldSeenIn.length < foldIds.size()) {
            int old = foldSeenIn.length;
            foldSeenIn = Arrays.copyOf(foldSeenIn, Math.max(old * 2, foldIds.size()));
            Arrays.fill(foldSeenIn, old, foldSeenIn.length, -1);
        }
        return plan;
    }

    private static int id(Map<String, Integer> ids, String name) {
        return ids.computeIfAbsent(name, n -> ids.size());
    }

    /** The plan of a table name, made the general mapper's way; {@code refused} when the mapper would refuse it. */
    TablePlan table(String table) {
        boolean refused = table.isEmpty() || Names.reservedTable(table);
        return new TablePlan(table, refused ? null : IlpEncoder.escaped(table, false), refused);
    }

    KeyRules rules() {
        return rules;
    }
}
