package io.stratmon.dashboard.alerts;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the alert transitions the alerts module writes to {@link AlertStatusSource#TABLE}. Read-only; when the table
 * does not exist (alerting never ran) every answer is empty, not an error.
 */
public final class AlertHistory {
    /** Transitions read for the bands of one range at most; beyond it the newest periods are left out. */
    static final int MAX_BAND_ROWS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};
    private static final String COLUMNS = "timestamp, alertname, fingerprint, state, severity, labels, annotations, value, summary, active_at";

    private final SqlClient sql;
    private final Duration timeout;

    public AlertHistory(SqlClient sql, Duration timeout) {
        this.sql = sql;
        this.timeout = timeout;
    }

    /** The transitions in {@code [from, to]}, newest first, at most {@code limit}. */
    public record Page(List<Transition> rows, boolean truncated, boolean tableExists) {}

    public Page transitions(Instant from, Instant to, int limit) {
        List<Transition> rows = read("SELECT " + COLUMNS + " FROM " + AlertStatusSource.TABLE + " WHERE timestamp BETWEEN "
                + literal(from) + " AND " + literal(to) + " ORDER BY timestamp DESC LIMIT " + (limit + 1));
        if (rows == null) return new Page(List.of(), false, false);
        boolean truncated = rows.size() > limit;
        return new Page(truncated ? rows.subList(0, limit) : rows, truncated, true);
    }

    /** The firing periods that overlap {@code [from, to]}. */
    public List<FiringPeriod> firingPeriods(Instant from, Instant to) {
        // WHERE before LATEST ON: the last transition of each fingerprint before the range, firing or not.
        List<Transition> before = read("SELECT " + COLUMNS + " FROM " + AlertStatusSource.TABLE + " WHERE timestamp < " + literal(from)
                + " LATEST ON timestamp PARTITION BY fingerprint");
        if (before == null) return List.of();
        List<Transition> within = read("SELECT " + COLUMNS + " FROM " + AlertStatusSource.TABLE + " WHERE timestamp BETWEEN "
                + literal(from) + " AND " + literal(to) + " ORDER BY timestamp LIMIT " + MAX_BAND_ROWS);
        return within == null ? List.of() : FiringPeriod.of(before, within, from);
    }

    /** The rows, or null when the table does not exist (alerting never ran here). */
    private List<Transition> read(String statement) {
        QueryResult r;
        try {
            r = sql.query(statement, timeout);
        } catch (SqlException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("table does not exist")) return null;
            throw e;
        }
        List<Transition> rows = new ArrayList<>(r.size());
        for (List<Object> row : r.rows()) {
            Object value = row.get(7);
            Double v = value instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
            rows.add(new Transition(instant(row.get(0)), text(row.get(1)), text(row.get(2)), text(row.get(3)), text(row.get(4)),
                    object(row.get(5)), object(row.get(6)), v, text(row.get(8)), instant(row.get(9))));
        }
        return rows;
    }

    private static String literal(Instant t) {
        return "'" + t.toString().replace("'", "''") + "'";
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    private static Instant instant(Object o) {
        if (o == null) return null;
        try {
            return Instant.parse(o.toString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A JSON object column as string values; anything else (not JSON, not an object) as an empty map. */
    static Map<String, String> object(Object o) {
        if (o == null || o.toString().isBlank()) return Map.of();
        try {
            Map<String, Object> parsed = JSON.readValue(o.toString(), OBJECT);
            Map<String, String> out = new LinkedHashMap<>();
            parsed.forEach((k, v) -> out.put(k, v == null ? "" : v.toString()));
            return out;
        } catch (Exception e) {
            return Map.of();
        }
    }
}
