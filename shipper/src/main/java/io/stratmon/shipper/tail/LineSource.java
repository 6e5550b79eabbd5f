package io.stratmon.shipper.tail;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Lines from tailed files, pulled a batch at a time. Reading never moves a checkpoint: a batch carries the cursors it
 * ends at, and whoever ships its lines makes those durable once they are acknowledged. Not thread-safe: one thread polls.
 */
public interface LineSource extends AutoCloseable {

    /** At most about this many bytes and lines per poll. */
    record Budget(long bytes, int lines) {}

    /** Reads what is there now, up to the budget; an empty batch when every file is at its end. Never blocks. */
    Batch poll(Budget budget);

    /**
     * Waits until a file may have changed: an event-driven source until something happens (or its own next check),
     * a polling one {@code pollMillis}. Always returns within about a second; {@link #wakeUp()} ends it at once.
     */
    default void await(long pollMillis) throws InterruptedException {
        Thread.sleep(pollMillis);
    }

    /**
     * The linger window: after a batch that found lines but did not fill its budget, the next read comes this much
     * later (or {@code poll_interval} if that is shorter), so that lines arriving at a trickle, an event per write,
     * make one batch, one ILP request and one wake-up per window instead of one per write. It bounds what lingering
     * adds to freshness (issue 11's goal: p50 15 ms, p99 30 ms from append to visible). Each window costs a request:
     * {@code -Dstratmon.linger.ms=N} sets another, to measure that trade (BENCHMARKS.md).
     */
    Duration LINGER = Duration.ofMillis(Math.max(1, Long.getLong("stratmon.linger.ms", 5)));

    /**
     * Called after a batch that did not fill its budget: an event-driven source waits at least {@code lingerMillis},
     * then until a file may have changed (one wake-up per window however many writes came); a polling source reads
     * again at once (its next empty poll waits). A file quiet for longer is read the moment it is written.
     */
    default void linger(long lingerMillis) throws InterruptedException {}

    /** Ends an {@link #await} now (any thread). */
    default void wakeUp() {}

    /** Every file known now, as of the last poll (for status and metrics). */
    List<FileState> files();

    /**
     * A count that grows whenever {@link #files()} would say something new beyond what reading lines shows: a file
     * found, renamed, gone, failing or readable again. Status is taken again only when it (or a counter) moved.
     */
    long changes();

    @Override
    void close() throws IOException;
}
