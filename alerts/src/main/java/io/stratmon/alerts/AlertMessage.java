package io.stratmon.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * An alert as sent to Alertmanager ({@code POST /api/v2/alerts}) and webhooks: Prometheus's notifier alert.
 *
 * @param startsAt when it started firing
 * @param endsAt   when it resolved; for an active alert, {@code now + 4 × max(interval, resend_delay)}, so that
 *                 Alertmanager resolves it by itself if stratmon stops sending
 */
public record AlertMessage(String fingerprint, Map<String, String> labels, Map<String, String> annotations,
                           Instant startsAt, Instant endsAt, String generatorUrl, boolean resolved) {
    public String status() {
        return resolved ? "resolved" : "firing";
    }

    public String alertname() {
        return labels.getOrDefault("alertname", "");
    }
}
