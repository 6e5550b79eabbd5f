package io.stratmon.app.config;

import io.stratmon.shipper.config.ConfigProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Telegraf's environment substitution on a config text, before it is parsed: {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-default}} (default when unset or empty), {@code ${VAR-default}} (when unset), {@code ${VAR:?message}}
 * and {@code ${VAR?message}} (an error when unset), {@code $$} for a literal {@code $}. Comments are left alone.
 * Inside a "basic string" the value's backslashes and quotes are escaped, so a Windows path stays a valid string.
 *
 * <p>A variable that is not set: Telegraf leaves the reference as it is, and so does {@link Mode#TELEGRAF} (with a
 * warning); {@link Mode#STRICT} (stratmon.toml) makes it a problem, since a half-substituted value is never meant.
 */
public final class EnvSubstitution {
    public enum Mode { STRICT, TELEGRAF }

    public record Result(String text, List<ConfigProblem> problems, List<String> warnings) {}

    private EnvSubstitution() {}

    public static Result apply(String text, Map<String, String> env, Mode mode) {
        StringBuilder out = new StringBuilder(text.length());
        List<ConfigProblem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int line = 1;
        char quote = 0;        // inside '...' or "..." on this line
        boolean comment = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                comment = false;
                if (quote != 0 && !multiline(text, i)) quote = 0;
                out.append(c);
                continue;
            }
            if (comment) { out.append(c); continue; }
            if (quote == 0 && c == '#') { comment = true; out.append(c); continue; }
            if (quote == '"' && c == '\\' && i + 1 < n) { out.append(c).append(text.charAt(++i)); continue; }
            if (c == '"' || c == '\'') {
                if (quote == 0) quote = c;
                else if (quote == c) quote = 0;
                out.append(c);
                continue;
            }
            if (c != '$' || quote == '\'') { out.append(c); continue; }
            if (i + 1 < n && text.charAt(i + 1) == '$') { out.append('$'); i++; continue; }
            int end;
            String name, operator = null, argument = null;
            if (i + 1 < n && text.charAt(i + 1) == '{') {
                end = text.indexOf('}', i + 2);
                if (end < 0) { out.append(c); continue; }
                String inner = text.substring(i + 2, end);
                int op = indexOfOperator(inner);
                name = op < 0 ? inner : inner.substring(0, op);
                if (op >= 0) {
                    operator = inner.startsWith(":", op) ? inner.substring(op, op + 2) : inner.substring(op, op + 1);
                    argument = inner.substring(op + operator.length());
                }
                end++;
            } else {
                end = i + 1;
                while (end < n && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) end++;
                name = text.substring(i + 1, end);
            }
            if (name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) { out.append(c); continue; }
            String value = env.get(name);
            String reference = text.substring(i, end);
            if (operator != null) {
                boolean emptyCounts = operator.startsWith(":");
                boolean unset = value == null || (emptyCounts && value.isEmpty());
                if (operator.endsWith("-")) {
                    if (unset) value = argument;
                } else if (operator.endsWith("?") && unset) {
                    problems.add(new ConfigProblem("", line, "environment variable " + name + " is not set: " + argument));
                    value = "";
                }
            }
            if (value == null) {
                if (mode == Mode.STRICT) {
                    problems.add(new ConfigProblem("", line, "environment variable " + name + " is not set [reference=" + reference
                            + "] (set it, or write ${" + name + ":-default})"));
                } else {
                    warnings.add("line " + line + ": environment variable " + name + " is not set; " + reference + " is left as it is (as Telegraf does)");
                }
                out.append(reference);
            } else {
                out.append(quote == '"' ? value.replace("\\", "\\\\").replace("\"", "\\\"") : value);
            }
            i = end - 1;
        }
        List<ConfigProblem> named = new ArrayList<>(problems.size());
        for (ConfigProblem p : problems) named.add(new ConfigProblem(keyOfLine(text, p.line()), p.line(), p.message()));
        return new Result(out.toString(), named, warnings);
    }

    /**
     * The key path a line of TOML sets, as problems name keys ({@code inputs[0].labels.host}), or "" when the line
     * sets none: the last table header before it ({@code [[inputs]]} counted) and the key before its {@code =}.
     */
    static String keyOfLine(String text, int lineNumber) {
        String table = "";
        Map<String, Integer> arrays = new java.util.HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length && i < lineNumber; i++) {
            String l = lines[i].strip();
            if (i == lineNumber - 1) {
                int eq = l.indexOf('=');
                if (l.startsWith("[") || eq <= 0) return table;
                String key = unquote(l.substring(0, eq).strip());
                return table.isEmpty() ? key : table + "." + key;
            }
            if (l.startsWith("[[")) {
                int end = l.indexOf("]]");
                if (end < 0) continue;
                String name = unquote(l.substring(2, end).strip());
                int n = arrays.merge(name, 1, Integer::sum) - 1;
                table = indexedPrefix(name, arrays) + "[" + n + "]";
            } else if (l.startsWith("[")) {
                int end = l.indexOf(']');
                if (end < 0) continue;
                table = indexedPrefix(unquote(l.substring(1, end).strip()), arrays);
            }
        }
        return table;
    }

    /** {@code inputs.labels} as {@code inputs[2].labels} when {@code inputs} is an array of tables with 3 so far. */
    private static String indexedPrefix(String name, Map<String, Integer> arrays) {
        String[] parts = name.split("\\.");
        StringBuilder b = new StringBuilder();
        String prefix = "";
        for (int i = 0; i < parts.length; i++) {
            String part = unquote(parts[i].strip());
            prefix = prefix.isEmpty() ? part : prefix + "." + part;
            if (b.length() > 0) b.append('.');
            b.append(part);
            Integer count = arrays.get(prefix);
            if (count != null && i < parts.length - 1) b.append('[').append(count - 1).append(']');
        }
        return b.toString();
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))
                ? s.substring(1, s.length() - 1) : s;
    }

    private static int indexOfOperator(String inner) {
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == ':' || c == '-' || c == '?') return i;
        }
        return -1;
    }

    /** Whether the quote open at a newline belongs to a multi-line string ("""...""" or '''...'''). */
    private static boolean multiline(String text, int newline) {
        int start = text.lastIndexOf('\n', newline - 1) + 1;
        String row = text.substring(start, newline);
        return row.contains("\"\"\"") || row.contains("'''");
    }
}
