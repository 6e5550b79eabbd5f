package io.stratmon.alerts;

import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a rule's query and turns the rows into samples: a row's non-numeric, non-time columns are its labels, its
 * value is the column {@code value} (else the last numeric column). The query runs wrapped as
 * {@code SELECT * FROM (expr) LIMIT max_rows + 1}, so a statement that is not a query cannot run, and a rule returning
 * more than {@code max_rows} rows is in error rather than a flood of alerts. "No data" is a missing table (any rule),
 * or, for rules whose {@code no_data} is not {@code ok}, no rows while a table the rule reads is empty.
 */
public final class RuleEvaluator {
    private static final Set<String> NUMERIC = Set.of("BYTE", "SHORT", "INT", "LONG", "FLOAT", "DOUBLE", "DECIMAL", "LONG256");
    private static final Set<String> NOT_LABELS = Set.of("TIMESTAMP", "TIMESTAMP_NS", "DATE", "INTERVAL", "BINARY", "NULL");
    private static final Pattern TABLE_AFTER_FROM = Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+('([^']+)'|\"([^\"]+)\"|([A-Za-z_][\\w.]*))");
    private static final Pattern CTE_NAME = Pattern.compile("(?i)(?:\\bWITH|,)\\s*([A-Za-z_]\\w*)\\s+AS\\s*\\(");
    private static final Pattern MISSING_TABLE = Pattern.compile("(?i)table does not exist");

    private final QueryRunner sql;
    private final Clock clock;
    private final Duration timeout;
    private final int maxRows;

    public RuleEvaluator(QueryRunner sql, Clock clock, Duration timeout, int maxRows) {
        this.sql = sql;
        this.clock = clock;
        this.timeout = timeout;
        this.maxRows = maxRows;
    }

    public Evaluation evaluate(AlertRule rule) {
        Instant at = clock.instant();
        long start = System.nanoTime();
        QueryResult result;
        try {
            result = sql.query("SELECT * FROM (" + rule.expr() + ") LIMIT " + (maxRows + 1), timeout);
        } catch (SqlException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (MISSING_TABLE.matcher(String.valueOf(e.getMessage())).find()) {
                return Evaluation.noData(rule, at, e.getMessage(), took);
            }
            return Evaluation.error(rule, at, describe(e), took);
        }
        if (result.size() > maxRows) {
            return Evaluation.error(rule, at, "the query returned more than max_rows=" + maxRows
                    + " rows; narrow its WHERE, or raise [alerts] max_rows", Duration.ofNanos(System.nanoTime() - start));
        }
        List<Evaluation.Sample> samples = samples(result);
        if (samples.isEmpty() && rule.noData() != AlertRule.NoData.OK) {
            String why = emptyTable(rule);
            if (why != null) return Evaluation.noData(rule, at, why, Duration.ofNanos(System.nanoTime() - start));
        }
        return Evaluation.ok(rule, at, samples, Duration.ofNanos(System.nanoTime() - start));
    }

    private static String describe(SqlException e) {
        String m = e.getMessage();
        if (e.isUnreachable() && m.contains("HttpTimeoutException")) return "the query timed out [error=" + m + "]";
        return m;
    }

    /** Rows with a NULL value are not alerts: an aggregate over no rows gives NULL, which is "no data", not zero. */
    static List<Evaluation.Sample> samples(QueryResult result) {
        List<QueryResult.Column> columns = result.columns();
        int valueColumn = result.columnIndex("value");
        if (valueColumn < 0) {
            for (int i = columns.size() - 1; i >= 0; i--) {
                if (NUMERIC.contains(columns.get(i).type().toUpperCase(Locale.ROOT))) {
                    valueColumn = i;
                    break;
                }
            }
        }
        List<Evaluation.Sample> out = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                String type = columns.get(i).type().toUpperCase(Locale.ROOT);
                if (i == valueColumn || NUMERIC.contains(type) || NOT_LABELS.contains(type)) continue;
                Object v = row.get(i);
                if (v != null && !v.toString().isEmpty()) labels.put(columns.get(i).name(), v.toString());
            }
            double value;
            if (valueColumn < 0) {
                value = Double.NaN;
            } else {
                Object v = row.get(valueColumn);
                if (v == null) continue;
                value = v instanceof Number n ? n.doubleValue() : parse(v.toString());
            }
            out.add(new Evaluation.Sample(labels, value));
        }
        return out;
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The first table named after FROM/JOIN in the rule that is missing or empty, said as a sentence; null when all have rows. */
    private String emptyTable(AlertRule rule) {
        for (String table : tables(rule.expr())) {
            try {
                QueryResult r = sql.query("SELECT count() FROM '" + table.replace("'", "''") + "'", timeout);
                if (r.longValue(0, 0) == 0) return "table " + table + " has no rows";
            } catch (SqlException e) {
                if (MISSING_TABLE.matcher(String.valueOf(e.getMessage())).find()) return "table " + table + " does not exist";
                // Not a table (a CTE name, a function): ignore it.
            }
        }
        return null;
    }

    /** Table names after FROM or JOIN, without sub-queries and table functions. */
    static List<String> tables(String expr) {
        Set<String> out = new LinkedHashSet<>();
        Set<String> ctes = new java.util.HashSet<>();
        Matcher c = CTE_NAME.matcher(expr);
        while (c.find()) ctes.add(c.group(1).toLowerCase(Locale.ROOT));
        Matcher m = TABLE_AFTER_FROM.matcher(expr);
        while (m.find()) {
            String name = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            int after = m.end();
            while (after < expr.length() && Character.isWhitespace(expr.charAt(after))) after++;
            if (after < expr.length() && expr.charAt(after) == '(') continue; // a function: long_sequence(10), tables()
            if (!ctes.contains(name.toLowerCase(Locale.ROOT))) out.add(name);
        }
        return List.copyOf(out);
    }
}
