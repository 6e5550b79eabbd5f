package io.stratmon.shipper.tail;

/**
 * A signal the reading thread can sleep on: the directory watch (or a stop) raises it, {@link #await} returns at once
 * if it was raised since the last wait, otherwise at the signal or the timeout. Thread-safe.
 */
public final class Wakeup {
    private boolean signalled;

    public synchronized void signal() {
        if (!signalled) {
            signalled = true;
            notifyAll();
        }
    }

    /** Waits up to {@code millis} for a signal; true when one came (and clears it). */
    public synchronized boolean await(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!signalled) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000L));
        }
        signalled = false;
        return true;
    }
}
