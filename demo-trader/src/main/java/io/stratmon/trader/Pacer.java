package io.stratmon.trader;

/**
 * The schedule of a paced run: event {@code i} is due {@code i / rate} seconds after the start.
 *
 * <p>Pure arithmetic on {@code System.nanoTime()}-style readings passed in, so it never drifts (each due time
 * is computed from the start, not from the previous event) and tests need no sleeping. Above 1,000 events/s
 * the next wake-up is at least {@link #BURST_NANOS} away, so the trader writes one burst per millisecond
 * instead of sleeping between events, which the OS cannot do that finely anyway.
 */
final class Pacer {
    static final long BURST_NANOS = 1_000_000;

    private final long startNanos;
    private final double nanosPerEvent;

    Pacer(double ratePerSecond, long startNanos) {
        this.startNanos = startNanos;
        this.nanosPerEvent = 1e9 / ratePerSecond;
    }

    /** How many events are due at {@code nowNanos}, counting the first one, due at the start. */
    long dueBy(long nowNanos) {
        long elapsed = nowNanos - startNanos;
        return elapsed < 0 ? 0 : (long) Math.floor(elapsed / nanosPerEvent) + 1;
    }

    /** When event {@code index} (0-based) is due. */
    long dueAt(long index) {
        return startNanos + (long) Math.ceil(index * nanosPerEvent);
    }

    /** When to wake up once {@code written} events are out and the schedule has been caught up at {@code nowNanos}. */
    long wakeAt(long written, long nowNanos) {
        long next = dueAt(written);
        return nanosPerEvent < BURST_NANOS ? Math.max(next, nowNanos + BURST_NANOS) : next;
    }
}
