package io.stratmon.shipper;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The shipper's own counters and state, readable from any thread. Call sites say {@code metrics.retried()}.
 * Written every few seconds to the {@code stratmon_shipper} table and to {@code status.json} (see {@link ShipperStatus}).
 */
public final class ShipperMetrics {
    private final AtomicLong linesRead = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong rowsShipped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong lastBatchMicros = new AtomicLong();
    private final AtomicLong lastAckMillis = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile boolean retrying;

    void linesRead(long lines, long bytes) {
        linesRead.addAndGet(lines);
        bytesRead.addAndGet(bytes);
    }

    void batchShipped(long rows, long micros, long nowMillis) {
        rowsShipped.addAndGet(rows);
        batches.incrementAndGet();
        lastBatchMicros.set(micros);
        lastAckMillis.set(nowMillis);
        retrying = false;
    }

    void lineDeadLettered() {
        deadLettered.incrementAndGet();
    }

    void retried(String error) {
        retries.incrementAndGet();
        lastError.set(error);
        retrying = true;
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

    /** Wall-clock millis of the last acknowledged batch, 0 if none yet. */
    public long lastAckMillis() {
        return lastAckMillis.get();
    }

    /** True while a batch is being retried because QuestDB is unavailable. */
    public boolean retrying() {
        return retrying;
    }

    /** The last "QuestDB unavailable" error, or null. */
    public String lastError() {
        return lastError.get();
    }
}
