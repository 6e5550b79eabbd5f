package io.stratmon.shipper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stratmon.sql.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One table of a config file, read strictly. A getter for a missing key returns its default; for a key of the wrong
 * type it records a problem naming the key, the expected type and the value, and returns the default so reading
 * goes on and every problem is found in one pass. Keys no getter asked for are reported by {@link TomlDocument#finish()}.
 */
public final class ConfigTable {
    private final TomlDocument doc;
    private final String path;
    private final ObjectNode node;
    private final Set<String> read = new LinkedHashSet<>();
    private final Set<String> known = new LinkedHashSet<>();

    ConfigTable(TomlDocument doc, String path, ObjectNode node) {
        this.doc = doc;
        this.path = path;
        this.node = node;
        doc.register(this);
    }

    /** This table's path, e.g. {@code inputs[0]}. */
    public String path() {
        return path;
    }

    public String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        return node.has(key);
    }

    /** Records a problem about a key of this table. */
    public void problem(String key, String message) {
        doc.problem(key == null ? path : keyPath(key), message);
    }

    /** Records a problem whose path is relative to this table (as config records report them). */
    public void problem(ConfigProblem relative) {
        doc.problem(relative.under(path));
    }

    /** The document this table is part of. */
    public TomlDocument document() {
        return doc;
    }

    private JsonNode get(String key) {
        read.add(key);
        return node.get(key);
    }

    public String string(String key, String defaultValue) {
        JsonNode v = get(key);
        if (v == null) return defaultValue;
        if (!v.isTextual()) return wrongType(key, "a string", v, defaultValue);
        return v.textValue();
    }

    public String requiredString(String key) {
        if (!node.has(key)) {
            read.add(key);
            problem(key, "missing (required)");
            return null;
        }
        return string(key, null);
    }

    public long integer(String key, long defaultValue) {
        JsonNode v = get(key);
        if (v == null) return defaultValue;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) return wrongType(key, "an integer", v, defaultValue);
        return v.longValue();
    }

    /** An integer, or null when absent or not an integer (a problem then). */
    public Long integer(String key) {
        JsonNode v = get(key);
        if (v == null) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) return wrongType(key, "an integer", v, null);
        return v.longValue();
    }

    /** True or false, or null when absent or not a boolean (a problem then). */
    public Boolean bool(String key) {
        JsonNode v = get(key);
        if (v == null) return null;
        if (!v.isBoolean()) return wrongType(key, "true or false", v, null);
        return v.booleanValue();
    }

    public boolean bool(String key, boolean defaultValue) {
        JsonNode v = get(key);
        if (v == null) return defaultValue;
        if (!v.isBoolean()) return wrongType(key, "true or false", v, defaultValue);
        return v.booleanValue();
    }

    /**
     * A duration in the one grammar of {@link Durations}: {@code "500ms"}, {@code "1h30m"}, {@code "2d"}, ISO
     * {@code "PT30S"}. The integer {@code 0} is zero too; another bare number is refused (seconds or milliseconds?).
     */
    public Duration duration(String key, Duration defaultValue) {
        JsonNode v = get(key);
        if (v != null && v.isIntegralNumber()) {
            if (v.asLong() == 0) return Duration.ZERO;
            problem(key, "a duration needs a unit, write it as a string: \"" + v.asText() + "s\" or \"" + v.asText() + "ms\" [value=" + v.asText() + "]");
            return defaultValue;
        }
        if (v != null && !v.isTextual()) return wrongType(key, "a duration string like \"500ms\" or \"1h30m\"", v, defaultValue);
        String text = string(key, null);
        if (text == null) return defaultValue;
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return defaultValue;
        }
    }

    /** One of the given words (case-insensitive), returned in lower case. */
    public String choice(String key, String defaultValue, List<String> allowed) {
        String v = string(key, null);
        if (v == null) return defaultValue;
        String lower = v.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            problem(key, "must be one of " + String.join(", ", allowed) + " [value=" + v + "]");
            return defaultValue;
        }
        return lower;
    }

    /** An array of strings. */
    public List<String> strings(String key, List<String> defaultValue) {
        JsonNode v = get(key);
        if (v == null) return defaultValue;
        if (!v.isArray()) return wrongType(key, "an array of strings", v, defaultValue);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual()) {
                doc.problem(keyPath(key) + "[" + i + "]", "expected a string, got " + describe(e));
            } else {
                out.add(e.textValue());
            }
        }
        return out;
    }

    /** A table of string values ({@code rename = { a = "b" }}), in file order. */
    public Map<String, String> stringMap(String key) {
        ConfigTable t = table(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (t == null) return out;
        for (String k : t.keys()) {
            String v = t.string(k, null);
            if (v != null) out.put(k, v);
        }
        return out;
    }

    /** A sub-table, or null when absent (or not a table, which is a problem). */
    public ConfigTable table(String key) {
        JsonNode v = get(key);
        if (v == null) return null;
        if (!v.isObject()) return wrongType(key, "a table", v, null);
        return new ConfigTable(doc, keyPath(key), (ObjectNode) v);
    }

    /** An array of tables ({@code [[inputs]]}); empty when absent. */
    public List<ConfigTable> tables(String key) {
        JsonNode v = get(key);
        List<ConfigTable> out = new ArrayList<>();
        if (v == null) return out;
        if (v.isObject()) {
            out.add(new ConfigTable(doc, keyPath(key), (ObjectNode) v));
            return out;
        }
        if (!v.isArray()) return wrongType(key, "an array of tables ([[" + keyPath(key) + "]])", v, out);
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isObject()) {
                doc.problem(keyPath(key) + "[" + i + "]", "expected a table, got " + describe(v.get(i)));
            } else {
                out.add(new ConfigTable(doc, keyPath(key) + "[" + i + "]", (ObjectNode) v.get(i)));
            }
        }
        return out;
    }

    /** The keys present, in file order (reading them through a getter marks them read). */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) keys.add(it.next());
        return keys;
    }

    /** Keys this table takes, for the "did you mean" hint of an unknown key (getters add theirs too). */
    public void known(List<String> keys) {
        known.addAll(keys);
    }

    /** Marks keys as handled without reading them (e.g. recognised but ignored options, reported elsewhere). */
    public void ignore(String key) {
        read.add(key);
    }

    void reportUnknown() {
        for (String key : keys()) {
            if (read.contains(key)) continue;
            String hint = closest(key);
            problem(key, "unknown key" + (hint == null ? "" : " (did you mean " + hint + "?)"));
        }
    }

    private String closest(String key) {
        String best = null;
        int bestDistance = 3;
        Set<String> candidates = new LinkedHashSet<>(read);
        candidates.addAll(known);
        for (String candidate : candidates) {
            int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance && !node.has(candidate)) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }

    private <T> T wrongType(String key, String expected, JsonNode actual, T defaultValue) {
        problem(key, "expected " + expected + ", got " + describe(actual));
        return defaultValue;
    }

    static String describe(JsonNode v) {
        if (v.isTextual()) return "a string [value=" + v.textValue() + "]";
        if (v.isIntegralNumber()) return "an integer [value=" + v.asText() + "]";
        if (v.isNumber()) return "a number [value=" + v.asText() + "]";
        if (v.isBoolean()) return "a boolean [value=" + v.asText() + "]";
        if (v.isArray()) return "an array";
        if (v.isObject()) return "a table";
        return v.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
}
