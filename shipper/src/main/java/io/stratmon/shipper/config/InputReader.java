package io.stratmon.shipper.config;

import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.mapping.FieldType;
import io.stratmon.shipper.mapping.MappingConfig;
import io.stratmon.shipper.parse.ArrayMode;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reads one {@code [[inputs]]} table of a config file: {@code files} and the mapping rules, starting from the
 * {@code preset} and overriding what the table sets. The keys are the table {@link #KEYS}: one row per key, which
 * reading, {@code check-config}'s effective config and the docs test all follow. See {@code docs/config.md}.
 */
public final class InputReader {
    private InputReader() {}

    public static final ConfigKey<InputConfig, String> PRESET = mapping("preset", ValueType.word(MappingConfig.PRESETS),
            "the preset the rules start from", MappingConfig::preset, MappingConfig.Builder::preset);

    /** {@code [inputs.labels]}: constant SYMBOL columns; {@code host} defaults to the machine's host name (in stratmon.toml). */
    public static final ConfigKey<InputConfig, java.util.Map<String, String>> LABELS = ConfigKey.of("inputs.labels", ValueType.STRING_MAP, null,
            "constant SYMBOL columns on every row, e.g. strategy = \"mm-btc\" (${VAR} from the environment); host defaults to"
                    + " the machine's host name, host = \"\" for none", InputConfig::labelValues, InputConfig::withLabelValues);

    /**
     * Every key of an {@code [[inputs]]} table, in the order {@code check-config} writes them. Defaults are the
     * preset's ({@link MappingConfig#preset}), so only {@code preset} has one here. To add a key: one row here.
     */
    public static final List<ConfigKey<InputConfig, ?>> KEYS = List.of(
            ConfigKey.of("inputs.files", ValueType.STRINGS, null, "required: paths or globs of JSON-lines files",
                    InputConfig::files, InputConfig::withFiles),
            PRESET,
            LABELS,
            mapping("name_key", ValueType.STRING_OR_NONE, "the key whose string value names the table; \"\" for none",
                    none(MappingConfig::nameKey), (b, v) -> b.nameKey(blankToNull(v))),
            mapping("table", ValueType.STRING, "a fixed table for every line (instead of name_key)", MappingConfig::table, MappingConfig.Builder::table),
            mapping("table_prefix", ValueType.STRING, "put before the table name", MappingConfig::tablePrefix, MappingConfig.Builder::tablePrefix),
            mapping("table_suffix", ValueType.STRING, "put after the table name", MappingConfig::tableSuffix, MappingConfig.Builder::tableSuffix),
            mapping("default_table", ValueType.STRING, "the table of lines without a string name_key", MappingConfig::defaultTable, MappingConfig.Builder::defaultTable),
            mapping("time_key", ValueType.STRING_OR_NONE, "the key of the designated timestamp; \"\" for none",
                    none(MappingConfig::timeKey), (b, v) -> b.timeKey(blankToNull(v))),
            mapping("time_format", ValueType.STRING, "iso, epoch_s/ms/us/ns, a Telegraf name or a Go layout", MappingConfig::timeFormat, MappingConfig.Builder::timeFormat),
            mapping("timezone", ValueType.STRING_OR_NONE, "the zone of times without an offset (IANA name, UTC, Local)",
                    none(MappingConfig::timezone), (b, v) -> b.timezone(blankToNull(v))),
            mapping("time_fallback", ValueType.choice(MappingConfig.TimeFallback.class), "a line without its time key: dead_letter or arrival",
                    MappingConfig::timeFallback, MappingConfig.Builder::timeFallback),
            mapping("tags", ValueType.STRINGS, "keys stored as SYMBOL (globs)", MappingConfig::tags, MappingConfig.Builder::tags),
            mapping("string_fields", ValueType.STRINGS, "string keys kept as VARCHAR even when other_strings = \"drop\"",
                    MappingConfig::stringFields, MappingConfig.Builder::stringFields),
            mapping("include", ValueType.STRINGS, "keys to keep (empty: all)", MappingConfig::include, MappingConfig.Builder::include),
            mapping("exclude", ValueType.STRINGS, "keys to leave out", MappingConfig::exclude, MappingConfig.Builder::exclude),
            mapping("rename", ValueType.STRING_MAP, "key -> column name", MappingConfig::rename, MappingConfig.Builder::rename),
            mapping("types", ValueType.mapOf("table of types", FieldType::parse,
                            "unknown type: use double, long, boolean, string, symbol or timestamp", FieldType::key),
                    "declared types: double, long, boolean, string, symbol, timestamp", MappingConfig::types, MappingConfig.Builder::types),
            mapping("other_strings", ValueType.choice(MappingConfig.OtherStrings.class), "strings no rule mentions: varchar, symbol or drop",
                    MappingConfig::otherStrings, MappingConfig.Builder::otherStrings),
            mapping("other_booleans", ValueType.BOOLEAN, "whether booleans no rule mentions are kept", MappingConfig::otherBooleans, MappingConfig.Builder::otherBooleans),
            mapping("arrays", ValueType.choice(ArrayMode.class), "arrays: json, flatten or drop", MappingConfig::arrays, MappingConfig.Builder::arrays),
            mapping("query", ValueType.STRING_OR_NONE, "read only the object at this dotted path; \"\" for the whole line",
                    none(MappingConfig::query), (b, v) -> b.query(blankToNull(v))));

    /** The input, or null when it has problems (recorded in the document); no default labels. */
    public static InputConfig read(ConfigTable t, boolean filesRequired) {
        return read(t, filesRequired, Map.of());
    }

    /**
     * The input, or null when it has problems (recorded in the document); {@code defaultLabels} for the labels the
     * table does not set (stratmon.toml: {@code host} = the machine's host name).
     */
    public static InputConfig read(ConfigTable t, boolean filesRequired, Map<String, String> defaultLabels) {
        t.known(KEYS.stream().map(ConfigKey::name).toList());
        String presetName = PRESET.type().read(t, PRESET.name());
        InputConfig input = new InputConfig(null, MappingConfig.preset(presetName == null ? "default" : presetName));
        for (ConfigKey<InputConfig, ?> key : KEYS) {
            if (key != PRESET) input = key.read(t, input);
        }
        // A fixed table replaces the preset's name key unless the table says otherwise.
        if (t.has("table") && !t.has("name_key")) input = input.withMapping(input.mapping().toBuilder().nameKey(null).build());
        if (!t.has("files") && filesRequired) t.problem("files", "missing (required): the log files to tail, as paths or globs");
        else if (input.files() != null && input.files().isEmpty()) t.problem("files", "needs at least one path or glob");
        input = input.withLabels(input.labels().orDefaults(defaultLabels));
        int before = t.document().problems().size();
        input.mapping().problems().forEach(t::problem);
        input.labels().problems().forEach(t::problem);
        if (t.document().problems().size() > before) return null;
        return input.withFiles(input.files() == null ? List.of() : input.files());
    }

    /** The mapping keys of a table, without {@code files}; null when it has problems (recorded). */
    public static MappingConfig mapping(ConfigTable t) {
        InputConfig input = read(t, false);
        return input == null ? null : input.mapping();
    }

    /** The config as an {@code [[inputs]]} table: every key, {@code name = value} per line. */
    public static List<String> toml(InputConfig input) {
        return KEYS.stream().map(k -> k.toml(input)).filter(line -> line != null).toList();
    }

    private static <T> ConfigKey<InputConfig, T> mapping(String name, ValueType<T> type, String description,
                                                        Function<MappingConfig, T> get,
                                                        BiFunction<MappingConfig.Builder, T, MappingConfig.Builder> set) {
        return ConfigKey.of("inputs." + name, type, null, description, i -> get.apply(i.mapping()),
                (i, v) -> i.withMapping(set.apply(i.mapping().toBuilder(), v).build()));
    }

    /** For the keys where {@code ""} means none: null is written as {@code ""}, so it still overrides the preset. */
    private static Function<MappingConfig, String> none(Function<MappingConfig, String> get) {
        return m -> {
            String v = get.apply(m);
            return v == null ? "" : v;
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

}
