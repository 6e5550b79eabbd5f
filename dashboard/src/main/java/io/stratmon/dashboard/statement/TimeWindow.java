package io.stratmon.dashboard.statement;

import java.time.Duration;
import java.time.Instant;

/**
 * The time range a panel shows and its {@code SAMPLE BY} bucket. The bucket comes from the range and the chart's
 * width: at most two points per pixel, rounded up to a "nice" interval (1 s, 2 s, 5 s, 10 s, 15 s, 30 s, 1 m...) so
 * that buckets stay put while a live window slides, and never below the panel's own minimum. The window starts on a
 * bucket boundary (at most one bucket before the asked start).
 *
 * <pre>{@code
 * TimeWindow w = TimeWindow.of(now.minus(Duration.ofHours(1)), now, 600, 4000, Duration.ofSeconds(1));
 * w.intervalMs();   // 5000: 3,600,000 ms / 1,200 points = 3,000 ms, rounded up to 5 s
 * }</pre>
 */
public record TimeWindow(Instant from, Instant to, long intervalMs) {

    private static final long[] NICE_MS = {
            1, 2, 5, 10, 20, 50, 100, 200, 500,
            1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
            60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
            3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000};

    public TimeWindow {
        if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to [from=" + from + ", to=" + to + "]");
        if (intervalMs < 1) throw new IllegalArgumentException("interval must be at least 1 ms [value=" + intervalMs + "]");
    }

    /**
     * @param widthPx     the chart's plot width in CSS pixels
     * @param maxPoints   hard cap on points per series, whatever the width
     * @param minInterval smallest bucket; null for none
     */
    public static TimeWindow of(Instant from, Instant to, int widthPx, int maxPoints, Duration minInterval) {
        long rangeMs = Math.max(1, Duration.between(from, to).toMillis());
        long points = Math.max(10, Math.min(2L * widthPx, maxPoints));
        long raw = (rangeMs + points - 1) / points;
        if (minInterval != null) raw = Math.max(raw, minInterval.toMillis());
        long interval = nice(raw);
        // Start on a bucket boundary, so that SAMPLE BY ... FROM ... TO buckets are the calendar-aligned ones and do
        // not move while a live window slides forward: the first bucket is whole, the last one grows until it is.
        long start = Math.floorDiv(from.toEpochMilli(), interval) * interval;
        return new TimeWindow(Instant.ofEpochMilli(start), to, interval);
    }

    /** The smallest nice interval at or above {@code ms}; whole days beyond one day. */
    static long nice(long ms) {
        for (long n : NICE_MS) {
            if (n >= ms) return n;
        }
        long day = 86_400_000;
        return (ms + day - 1) / day * day;
    }

    public Duration range() {
        return Duration.between(from, to);
    }

    /** The interval in QuestDB's SAMPLE BY units, as the Grafana QuestDB plugin's {@code $__sampleByInterval} writes it. */
    public String sampleBy() {
        if (intervalMs % 86_400_000 == 0) return intervalMs / 86_400_000 + "d";
        if (intervalMs % 3_600_000 == 0) return intervalMs / 3_600_000 + "h";
        if (intervalMs % 1_000 == 0) return intervalMs / 1_000 + "s";
        return intervalMs + "T";
    }
}
