package io.stratmon.app.bench;

import java.util.Arrays;

/**
 * Append → visible times of rows, in nanoseconds. A row is seen by a poll of QuestDB, so its time is known between
 * two bounds: it was not visible before the previous poll was sent ({@code earliest}) and was visible when this
 * poll's answer came back ({@code latest}). Both are kept; their spread is about one poll interval plus a query.
 * Single-threaded (the poller's).
 */
public final class Freshness {
    private long[] earliest = new long[1024];
    private long[] latest = new long[1024];
    private int n;

    /** A row appended at {@code appendedAt} turned visible after {@code notBefore} and by {@code seenAt}. */
    public void add(long appendedAt, long notBefore, long seenAt) {
        if (n == latest.length) {
            latest = Arrays.copyOf(latest, n * 2);
            earliest = Arrays.copyOf(earliest, n * 2);
        }
        latest[n] = seenAt - appendedAt;
        earliest[n] = Math.max(0, notBefore - appendedAt);
        n++;
    }

    public int rows() {
        return n;
    }

    /** The q-quantile (0 < q ≤ 1, nearest rank) of the upper bounds, in nanoseconds; NaN when empty. */
    public double latestQuantile(double q) {
        return quantile(latest, q);
    }

    /** The same of the lower bounds. */
    public double earliestQuantile(double q) {
        return quantile(earliest, q);
    }

    private double quantile(long[] values, double q) {
        if (n == 0) return Double.NaN;
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
    }
}
