package io.stratmon.dashboard.statement;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Grafana's time macros in panel SQL, expanded by the server with a validated {@link TimeWindow}: the same file works
 * in stratmon and, exported, in Grafana (PostgreSQL datasource, and the QuestDB plugin's names too).
 *
 * <table>
 *   <tr><td>{@code $__timeFilter(col)}</td><td>{@code col BETWEEN '2026-11-27T10:00:00Z' AND '2026-11-27T11:00:00Z'}</td></tr>
 *   <tr><td>{@code $__timeFrom()}, {@code $__timeTo()}</td><td>{@code '2026-11-27T10:00:00Z'}</td></tr>
 *   <tr><td>{@code $__fromTime}, {@code $__toTime}</td><td>{@code cast(1795780800000000 as timestamp)} (QuestDB plugin)</td></tr>
 *   <tr><td>{@code $__interval_ms}</td><td>{@code 5000}, so {@code SAMPLE BY $__interval_msT} is {@code SAMPLE BY 5000T}</td></tr>
 *   <tr><td>{@code $__sampleByInterval}</td><td>{@code 5s} (QuestDB plugin)</td></tr>
 * </table>
 *
 * Anything else that starts with {@code $__} is an error when the file loads, not a surprise at query time.
 */
public final class Macros {
    /** Longest names first: {@code $__interval_msT} is {@code $__interval_ms} then {@code T}, as Grafana reads it. */
    private static final List<String> NAMES = List.of(
            "interval_ms", "sampleByInterval", "timeFilter", "timeFrom", "timeTo", "fromTime", "toTime");

    private Macros() {}

    /** What is wrong with the macros of {@code sql}; empty when every one is known and well formed. */
    public static List<String> problems(String sql) {
        List<String> problems = new ArrayList<>();
        scan(sql, null, problems);
        return problems;
    }

    /** {@code sql} with every macro replaced; throws {@link IllegalArgumentException} on a bad macro. */
    public static String expand(String sql, TimeWindow window) {
        List<String> problems = new ArrayList<>();
        String out = scan(sql, window, problems);
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        return out;
    }

    private static String scan(String sql, TimeWindow w, List<String> problems) {
        StringBuilder out = new StringBuilder(sql.length() + 64);
        int i = 0;
        while (true) {
            int at = sql.indexOf("$__", i);
            if (at < 0) {
                out.append(sql, i, sql.length());
                return out.toString();
            }
            out.append(sql, i, at);
            String name = NAMES.stream().filter(n -> sql.startsWith(n, at + 3)).findFirst().orElse(null);
            if (name == null) {
                int end = at + 3;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) end++;
                problems.add("unknown macro " + sql.substring(at, end) + " [known=$__" + String.join(", $__", NAMES) + "]");
                i = end;
                continue;
            }
            int next = at + 3 + name.length();
            String arg = null;
            if (name.startsWith("time")) {
                int close = next < sql.length() && sql.charAt(next) == '(' ? sql.indexOf(')', next) : -1;
                if (close < 0) {
                    problems.add("$__" + name + " needs parentheses, e.g. $__" + name + (name.equals("timeFilter") ? "(timestamp)" : "()"));
                    i = next;
                    continue;
                }
                arg = sql.substring(next + 1, close).trim();
                next = close + 1;
                if (name.equals("timeFilter") && arg.isEmpty()) problems.add("$__timeFilter needs a column, e.g. $__timeFilter(timestamp)");
                if (!name.equals("timeFilter") && !arg.isEmpty()) problems.add("$__" + name + "() takes no argument [argument=" + arg + "]");
            }
            if (w != null) out.append(value(name, arg, w));
            i = next;
        }
    }

    private static String value(String name, String arg, TimeWindow w) {
        return switch (name) {
            case "interval_ms" -> Long.toString(w.intervalMs());
            case "sampleByInterval" -> w.sampleBy();
            case "timeFilter" -> arg + " BETWEEN " + literal(w.from()) + " AND " + literal(w.to());
            case "timeFrom" -> literal(w.from());
            case "timeTo" -> literal(w.to());
            case "fromTime" -> "cast(" + micros(w.from()) + " as timestamp)";
            case "toTime" -> "cast(" + micros(w.to()) + " as timestamp)";
            default -> throw new IllegalStateException(name);
        };
    }

    private static String literal(java.time.Instant t) {
        return "'" + t + "'";
    }

    private static long micros(java.time.Instant t) {
        return ChronoUnit.MICROS.between(java.time.Instant.EPOCH, t);
    }
}
