package io.stratmon.shipper.mapping;

/**
 * What each record key becomes under a {@link MappingConfig}, and what table an event name names: the decisions of
 * {@link RuleBasedRowMapper}, kept here so the single-pass fast path ({@code io.stratmon.shipper.fast}) takes the very
 * same ones. Pure; the callers cache the answers per key.
 */
public final class KeyRules {
    /** What a key's value becomes. BAD_NAME: a key whose column name sanitizes to nothing (the line is refused). */
    public enum Kind { SKIP, TAG, STRING, TYPED, AUTO, BAD_NAME }

    /**
     * @param column the column name (sanitized, renamed), before {@link ColumnNames} numbers a name already taken
     * @param folded {@link Names#fold} of the column name
     * @param type   the declared type (TYPED only)
     */
    public record Rule(Kind kind, String column, String folded, FieldType type) {
        static final Rule SKIP = new Rule(Kind.SKIP, null, null, null);
    }

    private final MappingConfig config;
    private final KeyPattern tags, strings, include, exclude;

    public KeyRules(MappingConfig config) {
        this.config = config;
        this.tags = KeyPattern.of(config.tags());
        this.strings = KeyPattern.of(config.stringFields());
        this.include = KeyPattern.of(config.include());
        this.exclude = KeyPattern.of(config.exclude());
    }

    public MappingConfig config() {
        return config;
    }

    /** The rule of a (flattened) record key. */
    public Rule decide(String key) {
        if (key.equals(config.timeKey())) return Rule.SKIP;
        String sanitized = Names.column(key);
        if (!include.isEmpty() && !matches(include, key, sanitized)) return Rule.SKIP;
        if (matches(exclude, key, sanitized)) return Rule.SKIP;
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
        return new Rule(kind, column, Names.fold(column), type);
    }

    /** The table an event name (the name key's string value) names: sanitized, with the prefix and suffix; "" when none is usable. */
    public String table(String eventName) {
        return Names.table(config.tablePrefix().isEmpty() && config.tableSuffix().isEmpty() ? eventName
                : config.tablePrefix() + eventName + config.tableSuffix());
    }

    /** The table of lines without a string name (or every line's, with a fixed {@code table}). */
    public String defaultTable() {
        return config.table() != null ? Names.table(config.tablePrefix() + config.table() + config.tableSuffix())
                : Names.table(config.tablePrefix() + config.defaultTable() + config.tableSuffix());
    }

    /** Whether a column name is one of the shipper's own ({@code timestamp}, {@code _src}, {@code _offset}), which a row's column never takes. */
    public static boolean reservedColumn(String folded) {
        for (String r : ColumnNames.RESERVED) {
            if (r.equals(folded)) return true;
        }
        return false;
    }

    private static boolean matches(KeyPattern pattern, String key, String sanitized) {
        return pattern.matches(key) || (!sanitized.equals(key) && pattern.matches(sanitized));
    }
}
