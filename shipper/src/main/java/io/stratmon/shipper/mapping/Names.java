package io.stratmon.shipper.mapping;

/**
 * Table and column names QuestDB accepts. Characters QuestDB refuses in names
 * ({@code . , ' " \ / : ( ) + - * % ~ ?}, control characters, spaces) become {@code _}; names are cut to QuestDB's
 * 127 characters (its {@code cairo.max.file.name.length}, counted in UTF-16 chars), never inside a surrogate pair.
 * A name that is empty, or only {@code _}, after this is refused (empty result).
 *
 * <p>QuestDB compares names case-insensitively, char by char with {@link Character#toLowerCase(char)}
 * ({@code Chars.equalsIgnoreCase}); {@link #fold} is that comparison's key.
 */
public final class Names {
    /** QuestDB's longest table or column name, in chars. */
    public static final int MAX_LENGTH = 127;
    /** Table names with this prefix (in any case) are stratmon's own ({@code stratmon_shipper}, {@code stratmon_alerts}). */
    public static final String RESERVED_TABLE_PREFIX = "stratmon_";
    private static final String ILLEGAL = ".,'\"\\/:()+-*%~?<>|=;!@#$^&[]{}`";
    /** ASCII answers from a table: this runs for every table name of every line. */
    private static final boolean[] ASCII_ALLOWED = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_ALLOWED[c] = c > ' ' && c != 0x7F && ILLEGAL.indexOf(c) < 0;
        }
    }

    private Names() {}

    /** A table name QuestDB accepts, or "" when nothing usable remains. */
    public static String table(String raw) {
        return sanitize(raw);
    }

    /** A column name QuestDB accepts, or "" when nothing usable remains. */
    public static String column(String raw) {
        return sanitize(raw);
    }

    /** Whether a (sanitized) table name is one of stratmon's own, which lines may not write to. */
    public static boolean reservedTable(String table) {
        int n = RESERVED_TABLE_PREFIX.length();
        if (table.length() < n) return false;
        for (int i = 0; i < n; i++) {
            if (Character.toLowerCase(table.charAt(i)) != RESERVED_TABLE_PREFIX.charAt(i)) return false;
        }
        return true;
    }

    /** The name QuestDB takes for the same one: each char lower-cased on its own (so "İd" and "id" are one name). */
    public static String fold(String name) {
        int n = name.length();
        int i = 0;
        while (i < n && Character.toLowerCase(name.charAt(i)) == name.charAt(i)) i++;
        if (i == n) return name;
        char[] chars = name.toCharArray();
        for (; i < n; i++) chars[i] = Character.toLowerCase(chars[i]);
        return new String(chars);
    }

    /** {@code name_n}, the name cut first when needed so the result still fits {@link #MAX_LENGTH}. */
    public static String numbered(String name, int n) {
        String suffix = "_" + n;
        return cut(name, MAX_LENGTH - suffix.length()) + suffix;
    }

    /** The first {@code max} chars at most, one fewer when the cut would split a surrogate pair. */
    static String cut(String s, int max) {
        if (s.length() <= max) return s;
        int end = Character.isHighSurrogate(s.charAt(max - 1)) && Character.isLowSurrogate(s.charAt(max)) ? max - 1 : max;
        return s.substring(0, end);
    }

    private static String sanitize(String raw) {
        if (raw == null) return "";
        int n = raw.length();
        boolean clean = n <= MAX_LENGTH, underscores = true;
        for (int i = 0; i < n && clean; i++) {
            char c = raw.charAt(i);
            clean = allowed(c);
            underscores &= c == '_';
        }
        if (clean) return underscores ? "" : raw;
        String s = cut(raw, MAX_LENGTH);
        StringBuilder sb = new StringBuilder(s.length());
        underscores = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = allowed(c);
            sb.append(ok ? c : '_');
            underscores &= !ok || c == '_';
        }
        return underscores ? "" : sb.toString();
    }

    private static boolean allowed(char c) {
        if (c < 128) return ASCII_ALLOWED[c];
        return c != '\uFEFF' && !Character.isISOControl(c);
    }
}
