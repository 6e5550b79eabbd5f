package io.stratmon.shipper.tail;

/**
 * A signal the reading thread can sleep on: the directory watch (or a stop, or the tailer itself) raises it,
 * {@link #await} returns at once if it was raised since the last wait (or {@link #clear}), otherwise at the signal or
 * the timeout. Thread-safe.
 */
public final class Wakeup {
    private boolean signalled;

    public synchronized void signal() {
        if (!signalled) {
            signalled = true;
            notifyAll();
        }
    }

    /** Forgets a signal raised before now (a poll that starts covers what it announced). */
    public synchronized void clear() {
        signalled = false;
    }

    /** Waits up to {@code millis} for a signal; true when one came (and clears it). */
    public boolean await(long millis) throws InterruptedException {
        return await(0, millis);
    }

    /**
     * Waits at least {@code minMillis} and at most {@code maxMillis}: returns at {@code minMillis} if a signal came
     * by then, else at the first signal after it. One wake-up however many signals come meanwhile (a trickle of
     * writes, one event each, ends one wait). True when a signal came (and clears it).
     */
    public synchronized boolean await(long minMillis, long maxMillis) throws InterruptedException {
        long start = System.nanoTime();
        long earliest = start + Math.min(minMillis, maxMillis) * 1_000_000L;
        long deadline = start + maxMillis * 1_000_000L;
        while (true) {
            long now = System.nanoTime();
            if (signalled && now - earliest >= 0) break;
            long until = signalled ? earliest : deadline;
            long left = until - now;
            if (left <= 0) {
                if (!signalled) return false;
                continue;
            }
            wait(Math.max(1, (left + 999_999) / 1_000_000L));
        }
        signalled = false;
        return true;
    }
}
