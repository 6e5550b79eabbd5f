package io.stratmon.shipper.config;

import io.stratmon.sql.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The type of a config value: how it is read from a TOML table (recording a problem when it is wrong), and how it
 * is written back as TOML, so that reading what was written gives the same value.
 *
 * @param <T> the Java type of the value
 */
public interface ValueType<T> {

    /** How the type is named in docs and in {@code check-config}: {@code integer}, {@code duration}... */
    String name();

    /** The value of {@code key} in {@code table}; null when absent or wrong (then a problem is recorded). */
    T read(ConfigTable table, String key);

    /** The value as TOML text: {@code "5s"}, {@code 1048576}, {@code ["a", "b"]}. */
    String toml(T value);

    ValueType<String> STRING = simple("string", (t, k) -> t.string(k, null), ValueType::quote);
    /** A string where {@code ""} means "none" (null): {@code name_key = ""}. */
    ValueType<String> STRING_OR_NONE = new ValueType<>() {
        public String name() { return "string (\"\" for none)"; }
        public String read(ConfigTable t, String k) { return t.string(k, null); }
        public String toml(String v) { return quote(v == null ? "" : v); }
    };
    ValueType<Integer> INTEGER = simple("integer", (t, k) -> {
        Long v = t.integer(k);
        if (v == null) return null;
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            t.problem(k, "out of range: at most " + Integer.MAX_VALUE + " [value=" + v + "]");
            return null;
        }
        return v.intValue();
    }, String::valueOf);
    ValueType<Long> LONG = simple("integer", ConfigTable::integer, String::valueOf);
    ValueType<Integer> PORT = simple("port (0..65535, 0 = any free port)", (t, k) -> {
        Integer v = INTEGER.read(t, k);
        if (v != null && (v < 0 || v > 65535)) {
            t.problem(k, "must be 0..65535 (0 = any free port) [value=" + v + "]");
            return null;
        }
        return v;
    }, String::valueOf);
    ValueType<Boolean> BOOLEAN = simple("true or false", ConfigTable::bool, String::valueOf);
    ValueType<Duration> DURATION = simple("duration (500ms, 10s, 1h30m, 2d, 1w, PT10S)", (t, k) -> t.duration(k, null), d -> quote(Durations.format(d)));
    /** A duration written back in whole days when it is some ({@code "30d"}, not {@code "4w2d"}): retention TTLs. */
    ValueType<Duration> DAYS = simple("duration in whole days (30d, 2w, P90D)", (t, k) -> t.duration(k, null),
            d -> quote(!d.isZero() && d.toNanos() % 86_400_000_000_000L == 0 ? d.toDays() + "d" : Durations.format(d)));
    ValueType<Path> PATH = simple("path", (t, k) -> {
        String s = t.string(k, null);
        if (s == null) return null;
        if (s.isBlank()) {
            t.problem(k, "must not be empty");
            return null;
        }
        try {
            return Path.of(s);
        } catch (java.nio.file.InvalidPathException e) {
            t.problem(k, "not a usable path: " + e.getReason() + " [value=" + s + "]");
            return null;
        }
    }, p -> quote(p.toString()));
    ValueType<List<String>> STRINGS = simple("array of strings", (t, k) -> {
        List<String> v = t.strings(k, null);
        return v == null ? null : List.copyOf(v);
    }, v -> v.stream().map(ValueType::quote).collect(Collectors.joining(", ", "[", "]")));
    ValueType<Map<String, String>> STRING_MAP = simple("table of strings", (t, k) -> t.has(k) ? t.stringMap(k) : null,
            v -> inlineTable(v, Function.identity()));

    /** One of an enum's constants, written as its lower-case name: {@code read_from = "end"}. */
    static <E extends Enum<E>> ValueType<E> choice(Class<E> type) {
        E[] constants = type.getEnumConstants();
        List<String> names = java.util.Arrays.stream(constants).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
        return simple("one of " + String.join(", ", names), (t, k) -> {
            String v = t.choice(k, null, names);
            return v == null ? null : constants[names.indexOf(v)];
        }, e -> quote(e.name().toLowerCase(Locale.ROOT)));
    }

    /** One of a list of words, e.g. the preset names. */
    static ValueType<String> word(List<String> allowed) {
        return simple("one of " + String.join(", ", allowed), (t, k) -> t.choice(k, null, allowed), ValueType::quote);
    }

    /** A table of string values converted one by one: {@code types = { qty = "long" }}; a bad value is a problem at its key. */
    static <V> ValueType<Map<String, V>> mapOf(String name, Function<String, V> parse, String whatWorks, Function<V, String> write) {
        return simple(name, (t, k) -> {
            if (!t.has(k)) return null;
            ConfigTable sub = t.table(k);
            if (sub == null) return null;
            Map<String, V> out = new LinkedHashMap<>();
            for (String key : sub.keys()) {
                String text = sub.string(key, null);
                if (text == null) continue;
                V v = parse.apply(text);
                if (v == null) sub.problem(key, whatWorks + " [value=" + text + "]");
                else out.put(key, v);
            }
            return out;
        }, v -> inlineTable(v, write));
    }

    static <T> ValueType<T> simple(String name, java.util.function.BiFunction<ConfigTable, String, T> read, Function<T, String> write) {
        return new ValueType<>() {
            public String name() { return name; }
            public T read(ConfigTable t, String k) { return read.apply(t, k); }
            public String toml(T v) { return write.apply(v); }
            @Override public String toString() { return name; }
        };
    }

    private static <V> String inlineTable(Map<String, V> map, Function<V, String> write) {
        if (map.isEmpty()) return "{}";
        return map.entrySet().stream().map(e -> quote(e.getKey()) + " = " + quote(write.apply(e.getValue())))
                .collect(Collectors.joining(", ", "{ ", " }"));
    }

    /** A TOML basic string, escaped so that it reads back the same. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04X", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
