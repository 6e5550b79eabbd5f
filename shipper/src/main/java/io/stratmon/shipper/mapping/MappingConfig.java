package io.stratmon.shipper.mapping;

import io.stratmon.shipper.config.ConfigProblem;
import io.stratmon.shipper.parse.ArrayMode;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How one input's records become rows. Start from a {@link #preset} and change what differs; {@code docs/config.md}
 * has the full reference and "JSON in → row out" tables.
 *
 * <p>Every key rule below names a record key: the flattened key ({@code log.level}, {@code a_b} for {@code {"a":{"b":..}}})
 * or the column name it becomes ({@code log_level}); lists take globs.
 *
 * @param preset        the preset this config started from (for display)
 * @param nameKey       key whose string value names the table ({@code event}); null for none
 * @param table         a fixed table name for every line (instead of {@code nameKey}); null for none
 * @param tablePrefix   put before the table name from {@code nameKey} (Telegraf {@code name_prefix})
 * @param tableSuffix   put after it (Telegraf {@code name_suffix})
 * @param defaultTable  table for lines without a string {@code nameKey}
 * @param timeKey       key holding the line's time; null when every line takes its arrival time
 * @param timeFormat    how that time is written, see {@link TimeFormat}
 * @param timezone      zone of times written without an offset (ISO and Go layouts); null: such times are refused
 *                      for {@code iso}, and UTC for Go layouts (Telegraf's default)
 * @param timeFallback  what a line without its time key becomes
 * @param tags          keys stored as SYMBOL (Telegraf {@code tag_keys}); any scalar becomes its text
 * @param stringFields  string keys stored as VARCHAR even when {@code otherStrings} is {@code drop} (Telegraf {@code json_string_fields})
 * @param types         explicit types per key, checked: a value that does not fit dead-letters the line
 * @param include       keys to keep (empty: all)
 * @param exclude       keys to leave out
 * @param rename        key → column name
 * @param otherStrings  what strings not listed above become
 * @param otherBooleans whether booleans not listed above are kept (BOOLEAN) or left out (Telegraf leaves them out)
 * @param arrays        what arrays become
 * @param query         a dotted path to the object holding the fields (Telegraf {@code json_query}, simple paths only); null for the whole line
 * @param maxColumns    the most columns one line may have ({@link #DEFAULT_MAX_COLUMNS}); a wider line is dead-lettered
 */
public record MappingConfig(String preset, String nameKey, String table, String tablePrefix, String tableSuffix,
                            String defaultTable, String timeKey, String timeFormat, String timezone,
                            TimeFallback timeFallback, List<String> tags, List<String> stringFields,
                            Map<String, FieldType> types, List<String> include, List<String> exclude,
                            Map<String, String> rename, OtherStrings otherStrings, boolean otherBooleans,
                            ArrayMode arrays, String query, int maxColumns) {

    /**
     * The default cap on columns per line: far above what a log line carries (the reference lines have under 20), low
     * enough that a runaway line (a flattened 10,000-element array, a map logged by mistake) cannot widen a table by
     * thousands of columns in one go.
     */
    public static final int DEFAULT_MAX_COLUMNS = 256;

    /** What a line whose time key is missing (or null) becomes. An unreadable time is always dead-lettered. */
    public enum TimeFallback {
        /** Dead-lettered: a row at the wrong time is worse than none. */
        DEAD_LETTER,
        /** Stamped with the time the shipper read it. */
        ARRIVAL;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What strings no rule mentions become. */
    public enum OtherStrings {
        VARCHAR, SYMBOL, DROP;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Preset names, for the {@code preset} key. */
    public static final List<String> PRESETS = List.of("default", "structlog", "logstash", "ecs", "telegraf");

    /** The demo trader's shape: {@code event} names the table, {@code timestamp} is the time, level/symbol/side are symbols. */
    public static MappingConfig defaults() {
        return preset("default");
    }

    /** A preset by name, or null when there is none. */
    public static MappingConfig preset(String name) {
        Builder b = new Builder();
        b.preset = name;
        switch (name == null ? "" : name) {
            case "default" -> b.tags = List.of("level", "symbol", "side");
            case "structlog" -> b.tags = List.of("level", "logger");
            case "logstash" -> {
                // logstash-logback-encoder's default fields; MDC entries and key/values arrive as top-level keys.
                b.timeKey = "@timestamp";
                b.tags = List.of("level", "logger_name", "thread_name");
                b.exclude = List.of("@version", "level_value");
            }
            case "ecs" -> {
                // Log4j2 EcsLayout / JsonTemplateLayout: dotted keys, MDC flattened to the top level as strings.
                b.nameKey = "event.action";
                b.timeKey = "@timestamp";
                b.tags = List.of("log.level", "log.logger", "process.thread.name", "service.name", "event.dataset");
                b.exclude = List.of("ecs.version");
            }
            case "telegraf" -> {
                // Telegraf's JSON parser: numbers are floats, strings and booleans kept only when listed, arrays flattened.
                b.nameKey = null;
                b.defaultTable = "tail";
                b.timeKey = null;
                b.timeFallback = TimeFallback.ARRIVAL;
                b.tags = List.of();
                b.otherStrings = OtherStrings.DROP;
                b.otherBooleans = false;
                b.arrays = ArrayMode.FLATTEN;
            }
            default -> {
                return null;
            }
        }
        return b.build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public MappingConfig withTimeFallback(TimeFallback value) {
        return toBuilder().timeFallback(value).build();
    }

    public MappingConfig withTypes(Map<String, FieldType> value) {
        return toBuilder().types(value).build();
    }

    public MappingConfig withMaxColumns(int value) {
        return toBuilder().maxColumns(value).build();
    }

    /**
     * Keys whose decimal numbers the parser keeps exact ({@link java.math.BigDecimal}) rather than as doubles: the time
     * key and the keys declared {@code timestamp}, so {@code 1732701600.123456789} (epoch seconds with nanoseconds,
     * more digits than a double holds) is read to the nanosecond the line wrote.
     */
    public java.util.Set<String> exactNumberKeys() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        if (timeKey != null) keys.add(timeKey);
        types.forEach((k, t) -> {
            if (t == FieldType.TIMESTAMP) keys.add(k);
        });
        return keys;
    }

    /** The time format, or null when it is not valid (see {@link #problems()}). */
    public TimeFormat compiledTimeFormat() {
        try {
            return TimeFormat.of(timeFormat, zone());
        } catch (IllegalArgumentException | DateTimeException e) {
            return null;
        }
    }

    ZoneId zone() {
        return timezone == null || timezone.isBlank() ? null
                : "local".equalsIgnoreCase(timezone) ? ZoneId.systemDefault() : ZoneId.of(timezone);
    }

    /** Every problem, each naming its key relative to the input's table ({@code time_format}). Empty when valid. */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> problems = new ArrayList<>();
        if (nameKey != null && nameKey.isBlank()) problems.add(ConfigProblem.of("name_key", "must not be empty (leave it out for none)"));
        if (nameKey != null && table != null) problems.add(ConfigProblem.of("table", "set either name_key or table, not both [table=" + table + ", name_key=" + nameKey + "]"));
        if (table != null && Names.table(table).isEmpty()) problems.add(ConfigProblem.of("table", "not a usable table name [value=" + table + "]"));
        if (defaultTable == null || Names.table(defaultTable).isEmpty()) problems.add(ConfigProblem.of("default_table", "not a usable table name [value=" + defaultTable + "]"));
        String reserved = " is reserved for stratmon's own tables (names starting with " + Names.RESERVED_TABLE_PREFIX + ")";
        if (tablePrefix != null && Names.reservedTable(Names.table(tablePrefix + "x"))) {
            problems.add(ConfigProblem.of("table_prefix", Names.RESERVED_TABLE_PREFIX + reserved + " [value=" + tablePrefix + "]"));
        } else {
            if (table != null && Names.reservedTable(Names.table(tablePrefix + table + tableSuffix))) {
                problems.add(ConfigProblem.of("table", "the name" + reserved + " [value=" + table + "]"));
            }
            if (defaultTable != null && Names.reservedTable(Names.table(tablePrefix + defaultTable + tableSuffix))) {
                problems.add(ConfigProblem.of("default_table", "the name" + reserved + " [value=" + defaultTable + "]"));
            }
        }
        if (maxColumns < 1) problems.add(ConfigProblem.of("max_columns", "must be at least 1 [value=" + maxColumns + "]"));
        if (timeKey != null && timeKey.isBlank()) problems.add(ConfigProblem.of("time_key", "must not be empty (leave it out for none)"));
        if (timeKey == null && timeFallback != TimeFallback.ARRIVAL) {
            problems.add(ConfigProblem.of("time_key", "missing; name the key holding each line's time, or set time_fallback = \"arrival\""));
        }
        try {
            zone();
        } catch (DateTimeException e) {
            problems.add(ConfigProblem.of("timezone", "unknown zone [value=" + timezone + "] (use an IANA name like Europe/London, UTC or Local)"));
        }
        try {
            TimeFormat.of(timeFormat, null);
        } catch (IllegalArgumentException e) {
            problems.add(ConfigProblem.of("time_format", e.getMessage() + " [value=" + timeFormat + "]"));
        }
        if (timeFallback == null) problems.add(ConfigProblem.of("time_fallback", "must be dead_letter or arrival"));
        if (otherStrings == null) problems.add(ConfigProblem.of("other_strings", "must be varchar, symbol or drop"));
        if (arrays == null) problems.add(ConfigProblem.of("arrays", "must be json, flatten or drop"));
        if (rename != null) {
            rename.forEach((k, v) -> {
                if (Names.column(v).isEmpty()) problems.add(ConfigProblem.of("rename." + k, "not a usable column name [value=" + v + "]"));
            });
        }
        if (query != null && !query.matches("[^.*?#|@\\\\!=<>%()\\[\\]{}]+(\\.[^.*?#|@\\\\!=<>%()\\[\\]{}]+)*")) {
            problems.add(ConfigProblem.of("query", "only a plain dotted path to an object is supported (no wildcards, #, | or @modifiers) [value=" + query + "]"));
        }
        return problems;
    }

    /** Mutable, for readers and tests: {@code MappingConfig.defaults().toBuilder().nameKey("msg").build()}. */
    public static final class Builder {
        String preset = "default";
        String nameKey = "event";
        String table;
        String tablePrefix = "";
        String tableSuffix = "";
        String defaultTable = "logs";
        String timeKey = "timestamp";
        String timeFormat = "iso";
        String timezone;
        TimeFallback timeFallback = TimeFallback.DEAD_LETTER;
        List<String> tags = List.of();
        List<String> stringFields = List.of();
        Map<String, FieldType> types = Map.of();
        List<String> include = List.of();
        List<String> exclude = List.of();
        Map<String, String> rename = Map.of();
        OtherStrings otherStrings = OtherStrings.VARCHAR;
        boolean otherBooleans = true;
        ArrayMode arrays = ArrayMode.JSON;
        String query;
        int maxColumns = DEFAULT_MAX_COLUMNS;

        public Builder() {}

        Builder(MappingConfig c) {
            preset = c.preset; nameKey = c.nameKey; table = c.table; tablePrefix = c.tablePrefix; tableSuffix = c.tableSuffix;
            defaultTable = c.defaultTable; timeKey = c.timeKey; timeFormat = c.timeFormat; timezone = c.timezone;
            timeFallback = c.timeFallback; tags = c.tags; stringFields = c.stringFields; types = c.types; include = c.include;
            exclude = c.exclude; rename = c.rename; otherStrings = c.otherStrings; otherBooleans = c.otherBooleans;
            arrays = c.arrays; query = c.query; maxColumns = c.maxColumns;
        }

        public Builder preset(String v) { preset = v; return this; }
        public Builder nameKey(String v) { nameKey = v; return this; }
        public Builder table(String v) { table = v; return this; }
        public Builder tablePrefix(String v) { tablePrefix = v; return this; }
        public Builder tableSuffix(String v) { tableSuffix = v; return this; }
        public Builder defaultTable(String v) { defaultTable = v; return this; }
        public Builder timeKey(String v) { timeKey = v; return this; }
        public Builder timeFormat(String v) { timeFormat = v; return this; }
        public Builder timezone(String v) { timezone = v; return this; }
        public Builder timeFallback(TimeFallback v) { timeFallback = v; return this; }
        public Builder tags(List<String> v) { tags = v; return this; }
        public Builder stringFields(List<String> v) { stringFields = v; return this; }
        public Builder types(Map<String, FieldType> v) { types = v; return this; }
        public Builder include(List<String> v) { include = v; return this; }
        public Builder exclude(List<String> v) { exclude = v; return this; }
        public Builder rename(Map<String, String> v) { rename = v; return this; }
        public Builder otherStrings(OtherStrings v) { otherStrings = v; return this; }
        public Builder otherBooleans(boolean v) { otherBooleans = v; return this; }
        public Builder arrays(ArrayMode v) { arrays = v; return this; }
        public Builder query(String v) { query = v; return this; }
        public Builder maxColumns(int v) { maxColumns = v; return this; }

        public MappingConfig build() {
            return new MappingConfig(preset, nameKey, table, tablePrefix == null ? "" : tablePrefix, tableSuffix == null ? "" : tableSuffix,
                    defaultTable, timeKey, timeFormat == null ? "iso" : timeFormat, timezone, timeFallback,
                    List.copyOf(tags), List.copyOf(stringFields), new LinkedHashMap<>(types), List.copyOf(include),
                    List.copyOf(exclude), new LinkedHashMap<>(rename), otherStrings, otherBooleans, arrays, query, maxColumns);
        }
    }
}
