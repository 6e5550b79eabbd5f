package io.stratmon.shipper.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The line of every key of a TOML text, so problems can say where to look: {@code inputs[1].time_format} → 23.
 * The TOML parser keeps no positions, so this is a small line scanner: it follows {@code [table]} and
 * {@code [[array]]} headers, dotted and quoted keys, inline tables, and skips multi-line strings and arrays.
 */
public final class TomlLines {
    private final Map<String, Integer> lines = new HashMap<>();
    private final Map<String, Integer> arrayCounts = new HashMap<>();

    public TomlLines(String text) {
        String[] rows = text.split("\r?\n", -1);
        String table = "";
        String closeString = null;
        int bracketDepth = 0;
        for (int i = 0; i < rows.length; i++) {
            String row = rows[i];
            int lineNr = i + 1;
            if (closeString != null) {
                if (row.contains(closeString)) closeString = null;
                continue;
            }
            if (bracketDepth > 0) {
                bracketDepth += depthChange(stripComment(row));
                continue;
            }
            String t = stripComment(row).trim();
            if (t.isEmpty()) continue;
            if (t.startsWith("[[")) {
                int end = t.indexOf("]]");
                String raw = resolve(t.substring(2, end < 0 ? t.length() : end).trim(), "");
                int index = arrayCounts.merge(raw, 1, Integer::sum) - 1;
                table = raw + "[" + index + "]";
                lines.putIfAbsent(table, lineNr);
                lines.putIfAbsent(raw, lineNr);
                continue;
            }
            if (t.startsWith("[")) {
                int end = t.indexOf(']');
                table = resolve(t.substring(1, end < 0 ? t.length() : end).trim(), "");
                lines.putIfAbsent(table, lineNr);
                continue;
            }
            int eq = keyEnd(t);
            if (eq < 0) continue;
            String key = resolve(t.substring(0, eq).trim(), table);
            lines.putIfAbsent(key, lineNr);
            String value = t.substring(eq + 1).trim();
            if (value.startsWith("\"\"\"") || value.startsWith("'''")) {
                String delimiter = value.substring(0, 3);
                if (value.indexOf(delimiter, 3) < 0) closeString = delimiter;
            } else if (value.startsWith("[")) {
                bracketDepth = depthChange(value);
            } else if (value.startsWith("{")) {
                for (String part : value.substring(1).split(",")) {
                    int partEq = keyEnd(part.trim());
                    if (partEq > 0) lines.putIfAbsent(key + "." + unquote(part.trim().substring(0, partEq).trim()), lineNr);
                }
            }
        }
    }

    /** The 1-based line of a key path such as {@code inputs[0].types.qty}, or of its nearest parent; -1 when unknown. */
    public int lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) return line;
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) break;
            p = p.substring(0, cut);
        }
        return -1;
    }

    /** A header or key path with array-of-tables parts resolved to their latest element: inputs.types → inputs[2].types. */
    private String resolve(String dotted, String base) {
        StringBuilder path = new StringBuilder(base);
        for (String part : splitKey(dotted)) {
            if (path.length() > 0) path.append('.');
            path.append(unquote(part.trim()));
            Integer count = arrayCounts.get(path.toString());
            if (count != null) path.append('[').append(count - 1).append(']');
        }
        return path.toString();
    }

    private static List<String> splitKey(String key) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (char c : key.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
                current.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                current.append(c);
            } else if (c == '.') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** Index of the '=' that ends a key (outside quotes), or -1. */
    private static int keyEnd(String t) {
        char quote = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '=') {
                return i;
            } else if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ' ' || c == '\t' || c == '@')) {
                return -1;
            }
        }
        return -1;
    }

    private static int depthChange(String s) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') quote = c;
            else if (c == '[') depth++;
            else if (c == ']') depth--;
        }
        return depth;
    }

    /** The line without a trailing {@code # comment} (a '#' inside a string stays). */
    static String stripComment(String row) {
        char quote = 0;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') quote = c;
            else if (c == '#') return row.substring(0, i);
        }
        return row;
    }
}
