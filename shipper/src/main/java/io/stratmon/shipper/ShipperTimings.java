package io.stratmon.shipper;

/**
 * What the sending thread measures as it goes, for a metrics registry to put in histograms (the counters are in
 * {@link ShipperMetrics}, read when scraped). Attached with {@link ShipperMetrics#timings(ShipperTimings)}; the
 * default does nothing. Called on the sending thread once per acknowledged request: an implementation must be quick
 * and must not throw.
 * <pre>{@code
 * shipper.metrics().timings(new ShipperTimings() {
 *     public void lag(long[] lineTimestampsNanos, int from, int to, long ackEpochNanos) { ... }
 * });
 * }</pre>
 */
public interface ShipperTimings {
    ShipperTimings NONE = new ShipperTimings() {};

    /** One request to QuestDB was acknowledged: its rows and how long it took (the retries of an outage not included). */
    default void batchSent(int rows, long nanos) {}

    /**
     * Rows {@code [from, to)} were acknowledged at {@code ackEpochNanos}: {@code lineTimestampsNanos[i]} is row i's own
     * designated timestamp (the line's time), so {@code ackEpochNanos - lineTimestampsNanos[i]} is its end-to-end lag.
     * The array belongs to the shipper: read it during the call only.
     */
    default void lag(long[] lineTimestampsNanos, int from, int to, long ackEpochNanos) {}
}
