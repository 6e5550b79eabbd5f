package io.stratmon.shipper.parse;

import java.util.Locale;

/** What becomes of a JSON array in a line. */
public enum ArrayMode {
    /** Kept as its JSON text (one VARCHAR column): the default. */
    JSON,
    /** Flattened like objects, with the index as the key part: {@code {"a":[1,2]}} gives {@code a_0}, {@code a_1} (Telegraf's rule). */
    FLATTEN,
    /** Left out. */
    DROP;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ArrayMode parse(String text) {
        if (text == null) return null;
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> JSON;
            case "flatten" -> FLATTEN;
            case "drop" -> DROP;
            default -> null;
        };
    }
}
