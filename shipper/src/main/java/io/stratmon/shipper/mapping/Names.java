package io.stratmon.shipper.mapping;

/**
 * Table and column names QuestDB accepts. Characters QuestDB refuses in names
 * ({@code . , ' " \ / : ( ) + - * % ~ ?}, control characters, spaces) become {@code _};
 * names are cut to 127 characters. A name that is empty after this is refused (empty result).
 */
public final class Names {
    private static final int MAX_LENGTH = 127;
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

    private static String sanitize(String raw) {
        if (raw == null) return "";
        int n = Math.min(raw.length(), MAX_LENGTH);
        boolean clean = n == raw.length();
        for (int i = 0; i < n && clean; i++) {
            clean = allowed(raw.charAt(i));
        }
        if (clean) return raw;
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            sb.append(allowed(c) ? c : '_');
        }
        String s = sb.toString();
        return s.chars().allMatch(c -> c == '_') ? "" : s;
    }

    private static boolean allowed(char c) {
        if (c < 128) return ASCII_ALLOWED[c];
        return c != '\uFEFF' && !Character.isISOControl(c);
    }
}
