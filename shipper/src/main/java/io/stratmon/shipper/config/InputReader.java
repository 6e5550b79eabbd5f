package io.stratmon.shipper.config;

import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.mapping.FieldType;
import io.stratmon.shipper.mapping.MappingConfig;
import io.stratmon.shipper.parse.ArrayMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one {@code [[inputs]]} table of a config file: {@code files} and the mapping rules, starting from the
 * {@code preset} and overriding what the table sets. An empty {@code name_key} or {@code time_key} means "none".
 * See {@code docs/config.md} for every key.
 */
public final class InputReader {
    private InputReader() {}

    /** Every key an input takes (for "did you mean" hints). */
    public static final List<String> KEYS = List.of("files", "preset", "name_key", "table", "table_prefix", "table_suffix",
            "default_table", "time_key", "time_format", "timezone", "time_fallback", "tags", "string_fields", "include",
            "exclude", "rename", "types", "other_strings", "other_booleans", "arrays", "query");

    /** The input, or null when it has problems (recorded in the document). */
    public static InputConfig read(ConfigTable t, boolean filesRequired) {
        t.known(KEYS);
        boolean present = t.has("files");
        List<String> files = t.strings("files", null);
        if (!present && filesRequired) t.problem("files", "missing (required): the log files to tail, as paths or globs");
        else if (files != null && files.isEmpty()) t.problem("files", "needs at least one path or glob");
        MappingConfig mapping = mapping(t);
        if (mapping == null) return null;
        return new InputConfig(files == null ? List.of() : List.copyOf(files), mapping);
    }

    /** The mapping keys of a table; null when it has problems (recorded). */
    public static MappingConfig mapping(ConfigTable t) {
        String presetName = t.choice("preset", "default", MappingConfig.PRESETS);
        MappingConfig preset = MappingConfig.preset(presetName);
        MappingConfig.Builder b = preset.toBuilder();
        if (t.has("name_key")) b.nameKey(blankToNull(t.string("name_key", null)));
        if (t.has("table")) {
            b.table(t.string("table", null));
            if (!t.has("name_key")) b.nameKey(null);
        }
        if (t.has("table_prefix")) b.tablePrefix(t.string("table_prefix", ""));
        if (t.has("table_suffix")) b.tableSuffix(t.string("table_suffix", ""));
        if (t.has("default_table")) b.defaultTable(t.string("default_table", preset.defaultTable()));
        if (t.has("time_key")) b.timeKey(blankToNull(t.string("time_key", null)));
        if (t.has("time_format")) b.timeFormat(t.string("time_format", "iso"));
        if (t.has("timezone")) b.timezone(blankToNull(t.string("timezone", null)));
        if (t.has("time_fallback")) {
            String v = t.choice("time_fallback", preset.timeFallback().key(), List.of("dead_letter", "arrival"));
            b.timeFallback(v.equals("arrival") ? MappingConfig.TimeFallback.ARRIVAL : MappingConfig.TimeFallback.DEAD_LETTER);
        }
        if (t.has("tags")) b.tags(t.strings("tags", preset.tags()));
        if (t.has("string_fields")) b.stringFields(t.strings("string_fields", preset.stringFields()));
        if (t.has("include")) b.include(t.strings("include", preset.include()));
        if (t.has("exclude")) b.exclude(t.strings("exclude", preset.exclude()));
        if (t.has("rename")) b.rename(t.stringMap("rename"));
        if (t.has("types")) {
            ConfigTable types = t.table("types");
            Map<String, FieldType> declared = new LinkedHashMap<>();
            if (types != null) {
                for (String key : types.keys()) {
                    String name = types.string(key, null);
                    if (name == null) continue;
                    FieldType type = FieldType.parse(name);
                    if (type == null) types.problem(key, "unknown type: use double, long, boolean, string, symbol or timestamp [value=" + name + "]");
                    else declared.put(key, type);
                }
            }
            b.types(declared);
        }
        if (t.has("other_strings")) {
            String v = t.choice("other_strings", preset.otherStrings().key(), List.of("varchar", "symbol", "drop"));
            b.otherStrings(MappingConfig.OtherStrings.valueOf(v.toUpperCase(java.util.Locale.ROOT)));
        }
        if (t.has("other_booleans")) b.otherBooleans(t.bool("other_booleans", preset.otherBooleans()));
        if (t.has("arrays")) {
            String v = t.choice("arrays", preset.arrays().key(), List.of("json", "flatten", "drop"));
            b.arrays(ArrayMode.parse(v));
        }
        if (t.has("query")) b.query(blankToNull(t.string("query", null)));
        MappingConfig config = b.build();
        List<String> problems = config.problems();
        for (String p : problems) {
            int colon = p.indexOf(": ");
            t.problem(p.substring(0, colon), p.substring(colon + 2));
        }
        return problems.isEmpty() ? config : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
