package io.stratmon.shipper;

import java.util.concurrent.atomic.AtomicLong;

/** The shipper's own counters, readable from any thread. Call sites say {@code metrics.lineRead(bytes)}. */
public final class ShipperMetrics {
    private final AtomicLong linesRead = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong rowsShipped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong lastBatchMicros = new AtomicLong();

    void linesRead(long lines, long bytes) {
        linesRead.addAndGet(lines);
        bytesRead.addAndGet(bytes);
    }

    void batchShipped(long rows, long micros) {
        rowsShipped.addAndGet(rows);
        batches.incrementAndGet();
        lastBatchMicros.set(micros);
    }

    void lineDeadLettered() {
        deadLettered.incrementAndGet();
    }

    void retried() {
        retries.incrementAndGet();
    }

    public long linesRead() {
        return linesRead.get();
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    public long rowsShipped() {
        return rowsShipped.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    public long batches() {
        return batches.get();
    }

    public long retries() {
        return retries.get();
    }

    public long lastBatchMicros() {
        return lastBatchMicros.get();
    }
}
