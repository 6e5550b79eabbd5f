package io.stratmon.shipper.mapping;

/**
 * Table and column names QuestDB accepts. Characters QuestDB refuses in names
 * ({@code . , ' " \ / : ( ) + - * % ~ ?}, control characters, spaces) become {@code _}; names are cut to QuestDB's
 * 127 characters (its {@code cairo.max.file.name.length}, counted in UTF-16 chars) and to {@link #MAX_BYTES} bytes
 * of UTF-8, never inside a surrogate pair. The byte cap is ours: QuestDB names a column's files after it
 * ({@code <name>.d}, {@code <name>.d.<txn>}) and checks only the char count, so 127 {@code é} (254 bytes) pass its
 * check and then fail with ENAMETOOLONG (errno 36) on a 255-byte file system, dropping the HTTP connection
 * ({@code BadInputRulesIT}). A name that is empty, or only {@code _}, after this is refused (empty result).
 *
 * <p>QuestDB compares names case-insensitively, char by char with {@link Character#toLowerCase(char)}
 * ({@code Chars.equalsIgnoreCase}); {@link #fold} is that comparison's key.
 */
public final class Names {
    /** QuestDB's longest table or column name, in chars. */
    public static final int MAX_LENGTH = 127;
    /** The longest name in UTF-8 bytes: a file name (255 bytes) less room for QuestDB's suffixes ({@code .d.<txn>}, {@code ~<id>}). */
    public static final int MAX_BYTES = 200;
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

    /** {@code name_n}, the name cut first when needed so the result still fits {@link #MAX_LENGTH} and {@link #MAX_BYTES}. */
    public static String numbered(String name, int n) {
        String suffix = "_" + n;
        return cut(name, MAX_LENGTH - suffix.length(), MAX_BYTES - suffix.length()) + suffix;
    }

    /** The longest head of {@code s} with at most {@code maxChars} chars and {@code maxBytes} UTF-8 bytes, never half a pair. */
    static String cut(String s, int maxChars, int maxBytes) {
        int n = s.length(), bytes = 0, i = 0;
        while (i < n) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
            int chars = pair ? 2 : 1;
            int b = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (i + chars > maxChars || bytes + b > maxBytes) break;
            bytes += b;
            i += chars;
        }
        return i == n ? s : s.substring(0, i);
    }

    private static String sanitize(String raw) {
        if (raw == null) return "";
        int n = raw.length();
        boolean clean = n <= MAX_LENGTH, underscores = true, ascii = true;
        for (int i = 0; i < n && clean; i++) {
            char c = raw.charAt(i);
            clean = allowed(c);
            underscores &= c == '_';
            ascii &= c < 0x80;
        }
        if (clean && (ascii || cut(raw, MAX_LENGTH, MAX_BYTES) == raw)) return underscores ? "" : raw;
        StringBuilder sb = new StringBuilder(Math.min(n, MAX_LENGTH + 1));
        underscores = true;
        for (int i = 0; i < n && i <= MAX_LENGTH; i++) {
            char c = raw.charAt(i);
            boolean ok = allowed(c);
            sb.append(ok ? c : '_');
            underscores &= !ok || c == '_';
        }
        String s = cut(sb.toString(), MAX_LENGTH, MAX_BYTES);
        return underscores || s.chars().allMatch(c -> c == '_') ? "" : s;
    }

    private static boolean allowed(char c) {
        if (c < 128) return ASCII_ALLOWED[c];
        return c != '\uFEFF' && !Character.isISOControl(c);
    }
}
