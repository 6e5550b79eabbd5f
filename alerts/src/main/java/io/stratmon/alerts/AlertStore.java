package io.stratmon.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The alert history in QuestDB's {@code stratmon_alerts} table: one row per transition (pending, firing, resolved),
 * written after each evaluation, and read back on start so that a restart neither re-pages firing alerts as new
 * nor forgets how long a {@code for} has been pending. Columns as the dashboard's {@code AlertStatusSource.TABLE}.
 */
public final class AlertStore {
    public static final String TABLE = "stratmon_alerts";
    static final String DDL = "CREATE TABLE IF NOT EXISTS " + TABLE + " (timestamp TIMESTAMP, alertname SYMBOL, fingerprint SYMBOL, "
            + "state SYMBOL, severity SYMBOL, labels VARCHAR, annotations VARCHAR, value DOUBLE, summary VARCHAR, active_at TIMESTAMP) "
            + "TIMESTAMP(timestamp) PARTITION BY DAY WAL";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final QueryRunner sql;

    public AlertStore(QueryRunner sql) {
        this.sql = sql;
    }

    public void createTable() {
        sql.query(DDL, TIMEOUT);
    }

    /** Writes the transitions in one INSERT. Throws SqlException when QuestDB refuses or is unreachable. */
    public void write(List<Transition> transitions) {
        if (transitions.isEmpty()) return;
        StringBuilder sb = new StringBuilder("INSERT INTO " + TABLE
                + " (timestamp, alertname, fingerprint, state, severity, labels, annotations, value, summary, active_at) VALUES ");
        for (int i = 0; i < transitions.size(); i++) {
            Transition t = transitions.get(i);
            Alert a = t.alert();
            sb.append(i == 0 ? "" : ", ").append('(')
                    .append(timestamp(t.at())).append(", ")
                    .append(quote(a.name())).append(", ")
                    .append(quote(a.fingerprint())).append(", ")
                    .append(quote(t.state().key())).append(", ")
                    .append(quote(a.severity())).append(", ")
                    .append(quote(json(a.labels()))).append(", ")
                    .append(quote(json(a.annotations()))).append(", ")
                    .append(Double.isFinite(a.value()) ? Double.toString(a.value()) : "NULL").append(", ")
                    .append(quote(a.annotations().getOrDefault("summary", ""))).append(", ")
                    .append(timestamp(a.activeAt())).append(')');
        }
        sql.query(sb.toString(), TIMEOUT);
    }

    /**
     * The instances whose latest row is pending or firing, as they were: labels, annotations, value, activeAt and
     * (when firing) firedAt = the time of the firing row. An absent table restores nothing.
     */
    public List<Alert> restore() {
        QueryResult r;
        try {
            r = sql.query("SELECT timestamp, alertname, fingerprint, state, labels, annotations, value, active_at FROM " + TABLE
                    + " LATEST ON timestamp PARTITION BY fingerprint", TIMEOUT);
        } catch (SqlException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("does not exist")) return List.of();
            throw e;
        }
        List<Alert> out = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            String state = String.valueOf(row.get(3));
            if (!state.equals("pending") && !state.equals("firing")) continue;
            Map<String, String> labels = map(row.get(4));
            if (labels.isEmpty()) continue;
            Instant at = Instant.parse(String.valueOf(row.get(0)));
            Instant activeAt = row.get(7) == null ? at : Instant.parse(String.valueOf(row.get(7)));
            double value = row.get(6) instanceof Number n ? n.doubleValue() : Double.NaN;
            boolean firing = state.equals("firing");
            out.add(Alert.restored(String.valueOf(row.get(1)), labels, map(row.get(5)), value,
                    firing ? AlertStatus.FIRING : AlertStatus.PENDING, activeAt, firing ? at : null));
        }
        return out;
    }

    private static Map<String, String> map(Object json) {
        if (json == null) return Map.of();
        try {
            return JSON.readValue(json.toString(), new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    static String json(Map<String, String> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String timestamp(Instant t) {
        long micros = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
        return "CAST(" + micros + " AS TIMESTAMP)";
    }

    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
