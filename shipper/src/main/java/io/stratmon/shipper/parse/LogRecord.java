package io.stratmon.shipper.parse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed line: its JSON object flattened to one level, keys in line order.
 * Nested objects are flattened with {@code _} (Telegraf's rule: {@code {"a":{"b":1}}} gives {@code a_b}).
 * Values are {@link String}, {@link Long}, {@link Double}, {@link java.math.BigInteger}, {@link Boolean},
 * {@link JsonText} (arrays, kept as JSON) or {@code null} (JSON null).
 */
public final class LogRecord {
    private final Map<String, Object> fields;

    public LogRecord(Map<String, Object> fields) {
        this.fields = fields;
    }

    public static LogRecord of(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new LogRecord(map);
    }

    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    public Object get(String key) {
        return fields.get(key);
    }

    public boolean has(String key) {
        return fields.containsKey(key);
    }

    @Override
    public String toString() {
        return fields.toString();
    }

    /** Raw JSON text of a value kept as-is (an array). */
    public record JsonText(String json) {
        @Override
        public String toString() {
            return json;
        }
    }
}
