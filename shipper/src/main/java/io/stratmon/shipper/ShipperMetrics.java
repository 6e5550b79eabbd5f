package io.stratmon.shipper;

import io.stratmon.shipper.sink.EncodedRows;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The shipper's own counters and state, readable from any thread. Call sites say {@code metrics.retried()}.
 * Written every few seconds to the {@code stratmon_shipper} table and to {@code status.json} (see {@link ShipperStatus}),
 * and read by a metrics registry when it is scraped (the app's {@code ShipperMeters}); histograms get their samples
 * through {@link #timings(ShipperTimings)}.
 */
public final class ShipperMetrics {
    /**
     * Why a line was dead-lettered, as a bounded set of classes (a metric label), never the reason's text: {@code read}
     * (longer than max_line_bytes), {@code parse} (not JSON), {@code mapping} (no usable timestamp, bad names or
     * values), {@code check} (table budget, schema guard), {@code questdb} (refused by QuestDB).
     */
    public enum ReasonClass {
        READ, PARSE, MAPPING, CHECK, QUESTDB;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static ReasonClass of(Converted.Stage stage) {
            return switch (stage) {
                case READ -> READ;
                case PARSE -> PARSE;
                case MAP -> MAPPING;
                case CHECK -> CHECK;
                case SINK -> QUESTDB;
            };
        }
    }

    private final AtomicLong linesRead = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong rowsShipped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLongArray deadLetteredBy = new AtomicLongArray(ReasonClass.values().length);
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong tablesCreated = new AtomicLong();
    private final AtomicLong lastBatchMicros = new AtomicLong();
    private final AtomicLong lastAckMillis = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile boolean retrying;
    private volatile long lastLagNanos = -1;
    private volatile long readerTickNanos = System.nanoTime();
    private volatile long senderTickNanos = System.nanoTime();
    private volatile ShipperTimings timings = ShipperTimings.NONE;

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

    /** Sending thread: rows [from, to) acknowledged after {@code nanos}; their lag goes to the timings (if any). */
    void acknowledged(EncodedRows rows, int from, int to, long nanos, long nowMillis) {
        ShipperTimings t = timings;
        t.batchSent(to - from, nanos);
        if (!(rows instanceof RowBatch batch) || to <= from) return;
        long[] ts = batch.timestampsNanos();
        long ack = nowMillis * 1_000_000L;
        long oldest = Long.MAX_VALUE;
        for (int i = from; i < to; i++) oldest = Math.min(oldest, ts[i]);
        lastLagNanos = Math.max(0, ack - oldest);
        t.lag(ts, from, to, ack);
    }

    void lineDeadLettered() {
        deadLettered.incrementAndGet();
    }

    void lineDeadLettered(Converted.Stage stage) {
        deadLettered.incrementAndGet();
        deadLetteredBy.incrementAndGet(ReasonClass.of(stage).ordinal());
    }

    void retried(String error) {
        retries.incrementAndGet();
        lastError.set(error);
        retrying = true;
    }

    /** A row for a table QuestDB did not have was admitted: the table is created by it. */
    void tableCreated() {
        tablesCreated.incrementAndGet();
    }

    /** Reading thread, once per round of its loop (also while it waits for the sender). */
    void readerTick(long nanos) {
        readerTickNanos = nanos;
    }

    /** Sending thread, once per round of its loop and per attempt while QuestDB is retried. */
    void senderTick(long nanos) {
        senderTickNanos = nanos;
    }

    /** Attaches what records the histograms (replacing the previous one); {@link ShipperTimings#NONE} detaches. */
    public void timings(ShipperTimings value) {
        timings = value == null ? ShipperTimings.NONE : value;
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

    /** Dead letters of one class since start (the total is {@link #deadLettered()}). */
    public long deadLettered(ReasonClass reason) {
        return deadLetteredBy.get(reason.ordinal());
    }

    public long batches() {
        return batches.get();
    }

    public long retries() {
        return retries.get();
    }

    /** Tables this run's rows created (counted when the table budget admits a row for a table QuestDB lacks). */
    public long tablesCreated() {
        return tablesCreated.get();
    }

    public long lastBatchMicros() {
        return lastBatchMicros.get();
    }

    /** End-to-end lag of the oldest line of the last acknowledged request (its timestamp to the ack), -1 before any. */
    public long lastLagNanos() {
        return lastLagNanos;
    }

    /** Wall-clock millis of the last acknowledged batch, 0 if none yet. */
    public long lastAckMillis() {
        return lastAckMillis.get();
    }

    /** {@link System#nanoTime()} of the reading thread's latest round (liveness: {@code /health}). */
    public long readerTickNanos() {
        return readerTickNanos;
    }

    /** {@link System#nanoTime()} of the sending thread's latest round or retry (liveness: {@code /health}). */
    public long senderTickNanos() {
        return senderTickNanos;
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
