package io.stratmon.alerts;

import java.time.Instant;

/** An alert instance entered {@code state} at {@code at}: one row of {@code stratmon_alerts}. {@code alert} is a copy. */
public record Transition(Instant at, Alert alert, AlertStatus state) {}
