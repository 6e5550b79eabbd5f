package io.stratmon.dashboard.query;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The event log's filters as the page sends them, validated: they reach SQL only as a schema-checked table name, a
 * level made of letters, and quoted text.
 *
 * @param table only this table (null: every log table)
 * @param level only rows with this {@code level} (null: all)
 * @param text  only rows where a text column contains this, case-insensitively (null: all)
 */
public record EventFilter(String table, String level, String text) {
    public static final EventFilter NONE = new EventFilter(null, null, null);
    private static final Pattern LEVEL = Pattern.compile("[A-Za-z]{1,16}");
    private static final int MAX_TEXT = 200;

    /** Throws {@link IllegalArgumentException} for a level that is not a word or text that is too long. */
    public static EventFilter of(String table, String level, String text) {
        table = blankToNull(table);
        level = blankToNull(level);
        text = blankToNull(text);
        if (level != null && !LEVEL.matcher(level).matches()) {
            throw new IllegalArgumentException("level must be a word like INFO, WARN or ERROR [value=" + level + "]");
        }
        if (text != null && (text.length() > MAX_TEXT || text.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("text filter must be at most " + MAX_TEXT + " printable characters");
        }
        if (table != null && table.length() > 127) throw new IllegalArgumentException("table name too long");
        return new EventFilter(table, level == null ? null : level.toUpperCase(Locale.ROOT), text);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
