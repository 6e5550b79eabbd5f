package io.stratmon.shipper.time;

/**
 * The shipper's one source of time, injected into every stage that waits or measures: tests pass a manual clock and
 * move it forward instead of sleeping. {@link #nanos()} is monotonic (intervals, timeouts), {@link #millis()} is the
 * wall clock (timestamps written to files and QuestDB).
 */
public interface Clock {
    /** Monotonic time, for intervals only (like {@link System#nanoTime()}). */
    long nanos();

    /** Wall-clock epoch milliseconds. */
    long millis();

    /** Waits {@code millis}; a manual clock moves itself forward instead. */
    void sleep(long millis) throws InterruptedException;

    /** The real clock. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            if (millis > 0) Thread.sleep(millis);
        }
    };
}
