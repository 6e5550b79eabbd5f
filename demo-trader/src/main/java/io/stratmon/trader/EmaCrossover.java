package io.stratmon.trader;

/**
 * The strategy's signal: long while the fast moving average of the mid is above the slow one, short while below.
 *
 * <p>The signal only flips once the averages are apart by more than a band (relative to the price), so that
 * noise around a crossing does not send an order on every quote.
 */
final class EmaCrossover {
    private static final double FAST_ALPHA = 2.0 / (12 + 1);
    private static final double SLOW_ALPHA = 2.0 / (48 + 1);
    private static final int WARM_UP_UPDATES = 24;

    private final double band;
    private double fast;
    private double slow;
    private long updates;
    private int direction;

    /** @param band how far apart the averages must be to flip, as a fraction of the slow average (0.001 = 10 bp) */
    EmaCrossover(double band) {
        this.band = band;
    }

    /** Feeds one mid price; returns +1 (want long), -1 (want short) or 0 while still warming up. */
    int update(double mid) {
        if (updates++ == 0) {
            fast = mid;
            slow = mid;
        } else {
            fast += FAST_ALPHA * (mid - fast);
            slow += SLOW_ALPHA * (mid - slow);
        }
        if (updates >= WARM_UP_UPDATES) {
            double gap = (fast - slow) / slow;
            if (gap > band) {
                direction = 1;
            } else if (gap < -band) {
                direction = -1;
            }
        }
        return direction;
    }
}
