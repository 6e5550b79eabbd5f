package io.stratmon.dashboard.alerts;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The read-only alert endpoints of the dashboard. Nothing here can create, change or run a rule: rules live in files
 * read by the alerts module.
 * <ul>
 *   <li>{@code GET /api/alerts}: what is pending and firing now, and each rule's health</li>
 *   <li>{@code GET /api/alerts/history?range=1h} (or {@code from&to}) {@code &limit=500}: transitions, newest first</li>
 *   <li>{@code GET /api/alerts/bands?range=1h} (or {@code from&to}): firing periods, for the charts' shaded bands</li>
 * </ul>
 * The live page gets the snapshot as an {@code event: alerts} on its SSE stream ({@link io.stratmon.dashboard.live.LiveFeed}).
 */
public final class AlertsApi {
    private static final Logger log = LoggerFactory.getLogger(AlertsApi.class);
    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 5_000;

    private final AlertStatusSource source;
    private final AlertHistory history;

    public AlertsApi(AlertStatusSource source, AlertHistory history) {
        this.source = source;
        this.history = history;
    }

    /** The snapshot as JSON maps; a failing source shows as "alerting unavailable" rather than failing the page. */
    public Map<String, Object> snapshotJson() {
        try {
            return AlertsJson.snapshot(source.snapshot());
        } catch (RuntimeException e) {
            log.warn("Alert status unavailable [error={}]", e.toString());
            Map<String, Object> out = AlertsJson.snapshot(AlertStatusSource.NONE.snapshot());
            out.put("enabled", true);
            out.put("error", "alert status unavailable: " + e.getMessage());
            return out;
        }
    }

    public void snapshot(Context ctx) {
        ctx.json(snapshotJson());
    }

    public void history(Context ctx, Instant from, Instant to) {
        int limit = limit(ctx.queryParam("limit"));
        AlertHistory.Page page = history.transitions(from, to, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from.toEpochMilli());
        out.put("to", to.toEpochMilli());
        out.put("table", page.tableExists());
        out.put("truncated", page.truncated());
        out.put("rows", page.rows().stream().map(AlertsJson::transition).toList());
        ctx.json(out);
    }

    public void bands(Context ctx, Instant from, Instant to) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from.toEpochMilli());
        out.put("to", to.toEpochMilli());
        out.put("bands", history.firingPeriods(from, to).stream().map(AlertsJson::period).toList());
        ctx.json(out);
    }

    static int limit(String text) {
        if (text == null || text.isBlank()) return DEFAULT_LIMIT;
        try {
            int v = Integer.parseInt(text.strip());
            if (v >= 1 && v <= MAX_LIMIT) return v;
        } catch (NumberFormatException ignored) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("limit must be a whole number 1.." + MAX_LIMIT + " [value=" + text + "]");
    }
}
