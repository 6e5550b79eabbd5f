package io.stratmon.shipper;

import java.time.Duration;

/** Capped exponential backoff: {@code min}, then twice the previous wait, never more than {@code max}. Stateless. */
public record Backoff(Duration min, Duration max) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5));

    /** The wait after {@code previousMillis} (0: the first wait). */
    public long nextMillis(long previousMillis) {
        return previousMillis <= 0 ? min.toMillis() : Math.min(previousMillis * 2, max.toMillis());
    }

    public boolean atMax(long millis) {
        return millis >= max.toMillis();
    }
}
