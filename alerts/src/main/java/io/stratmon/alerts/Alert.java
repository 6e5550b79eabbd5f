package io.stratmon.alerts;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert instance of a rule, as Prometheus's {@code rules.Alert}: its labels (with {@code alertname}), expanded
 * annotations, last value, state, and the instants that drive {@code for}, {@code keep_firing_for} and resending.
 * Mutable, owned by one {@link AlertState}; everything handed out is a {@link #copy()}.
 */
public final class Alert {
    private final String rule;
    private final SortedMap<String, String> labels;
    private final String fingerprint;
    private Map<String, String> annotations;
    private double value;
    private AlertStatus state;
    private Instant activeAt;
    private Instant firedAt;
    private Instant resolvedAt;
    private Instant lastSentAt;
    private Instant keepFiringSince;
    private Instant validUntil;

    Alert(String rule, Map<String, String> labels, Map<String, String> annotations, double value, AlertStatus state, Instant activeAt) {
        this.rule = rule;
        this.labels = new TreeMap<>(labels);
        this.fingerprint = Fingerprint.of(labels);
        this.annotations = new TreeMap<>(annotations);
        this.value = value;
        this.state = state;
        this.activeAt = activeAt;
    }

    public Alert copy() {
        Alert a = new Alert(rule, labels, annotations, value, state, activeAt);
        a.firedAt = firedAt;
        a.resolvedAt = resolvedAt;
        a.lastSentAt = lastSentAt;
        a.keepFiringSince = keepFiringSince;
        a.validUntil = validUntil;
        return a;
    }

    public String name() {
        return rule;
    }

    public SortedMap<String, String> labels() {
        return java.util.Collections.unmodifiableSortedMap(labels);
    }

    public String fingerprint() {
        return fingerprint;
    }

    public Map<String, String> annotations() {
        return java.util.Collections.unmodifiableMap(annotations);
    }

    public double value() {
        return value;
    }

    public AlertStatus state() {
        return state;
    }

    public String severity() {
        return labels.getOrDefault("severity", "");
    }

    /** When the instance first became pending (Prometheus's {@code activeAt}). */
    public Instant activeAt() {
        return activeAt;
    }

    /** When it started firing ({@code startsAt} for Alertmanager), or null while pending. */
    public Instant firedAt() {
        return firedAt;
    }

    public Instant resolvedAt() {
        return resolvedAt;
    }

    public Instant lastSentAt() {
        return lastSentAt;
    }

    public Instant keepFiringSince() {
        return keepFiringSince;
    }

    public Instant validUntil() {
        return validUntil;
    }

    void update(Map<String, String> annotations, double value) {
        this.annotations = new TreeMap<>(annotations);
        this.value = value;
    }

    void fire(Instant at) {
        state = AlertStatus.FIRING;
        firedAt = at;
    }

    void resolve(Instant at) {
        state = AlertStatus.RESOLVED;
        resolvedAt = at;
        keepFiringSince = null;
    }

    void keepFiringSince(Instant at) {
        keepFiringSince = at;
    }

    void sent(Instant at, Instant validUntil) {
        this.lastSentAt = at;
        this.validUntil = validUntil;
    }

    /** For restoring from {@code stratmon_alerts}: the instance as it was before the restart. */
    static Alert restored(String rule, Map<String, String> labels, Map<String, String> annotations, double value,
                          AlertStatus state, Instant activeAt, Instant firedAt) {
        Alert a = new Alert(rule, labels, annotations, value, state, activeAt);
        a.firedAt = firedAt;
        return a;
    }

    @Override
    public String toString() {
        return "Alert[" + rule + labels + " " + state.key() + " value=" + Template.goFloat(value) + " activeAt=" + activeAt
                + (firedAt != null ? " firedAt=" + firedAt : "") + (resolvedAt != null ? " resolvedAt=" + resolvedAt : "") + "]";
    }
}
