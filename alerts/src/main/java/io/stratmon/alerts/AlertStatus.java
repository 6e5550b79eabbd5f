package io.stratmon.alerts;

/** Where an alert instance is in its life: Prometheus's pending, firing and inactive (here: resolved). */
public enum AlertStatus {
    PENDING, FIRING, RESOLVED;

    /** The word in the {@code stratmon_alerts.state} column and in Alertmanager's payloads. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
