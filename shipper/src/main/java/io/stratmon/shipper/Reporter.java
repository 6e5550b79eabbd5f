package io.stratmon.shipper;

import io.stratmon.shipper.sink.IlpBatch;
import io.stratmon.shipper.sink.RowSink;
import io.stratmon.shipper.sink.SinkException;
import io.stratmon.shipper.tail.LineSource;
import io.stratmon.shipper.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Publishes the shipper's health. From the reading thread: a {@link ShipperStatus} snapshot (kept in memory and
 * written to {@code status.json}) only when something in it changed (counters, retrying, suspended tables, the files
 * known; bytes behind, every 5 s), at most every half second and at most 1 % of the thread's time (with 10,000 files a snapshot
 * is not free), and a {@link ShipperHeartbeat} every 5 s, which costs the same for one file or ten thousand. From the
 * sending thread: the {@code stratmon_shipper} rows every {@code metricsInterval} ({@link MetricsRows}), as their own
 * small send that is never retried (the next rows carry the totals).
 */
final class Reporter {
    private static final Logger log = LoggerFactory.getLogger(Reporter.class);
    private static final long STATUS_EVERY_NANOS = 500_000_000L;
    /**
     * The next snapshot waits at least this many times as long as the last one took (at most 1 % of the thread), but
     * never more than {@link #STATUS_AT_MOST_NANOS}: one slow snapshot (the first, with Jackson and the JIT cold, took
     * 300 ms under load) must not freeze the status, and the backfill display that reads it, for half a minute.
     */
    private static final long STATUS_COST_FACTOR = 100;
    private static final long STATUS_AT_MOST_NANOS = 5_000_000_000L;
    /** Bytes behind with no counter moving (a last line without its newline, blank lines awaiting their ack): this often. */
    private static final long BEHIND_EVERY_NANOS = 5_000_000_000L;

    /** What a snapshot shows that can change without any file being read: compared before taking one. */
    private record Progress(long lines, long rows, long dead, long retries, boolean retrying, String error,
                            List<String> suspended, long fileChanges, long acknowledged) {}

    private final HealthReport health;
    private final LineSource source;
    private final RowSink sink;
    private final Clock clock;
    private final Path statusFile;
    private final Path heartbeatFile;
    private final Duration metricsInterval;
    private final MetricsRows metricsRows;
    private long nextStatusNanos;
    private long lastStatusNanos;
    private long nextHeartbeatNanos;
    private Progress progressAtLastStatus;
    private boolean behindAtLastStatus;
    private long nextMetricsNanos;
    private volatile ShipperStatus status;

    Reporter(HealthReport health, LineSource source, RowSink sink, Clock clock, Path statusFile, Duration metricsInterval,
             int protocolVersion) {
        this.health = health;
        this.source = source;
        this.sink = sink;
        this.clock = clock;
        this.statusFile = statusFile;
        this.heartbeatFile = statusFile.resolveSibling(ShipperHeartbeat.FILE);
        this.metricsInterval = metricsInterval;
        this.metricsRows = new MetricsRows(health, protocolVersion);
        this.nextMetricsNanos = clock.nanos() + metricsInterval.toNanos();
    }

    HealthReport health() {
        return health;
    }

    ShipperStatus status() {
        return status;
    }

    /** Reading thread, every round: a snapshot if something changed (or bytes are behind), else the heartbeat when due. */
    void publishStatusIfDue() {
        long now = clock.nanos();
        health.metrics().readerTick(now);
        if (now - nextStatusNanos >= 0 && (!progress().equals(progressAtLastStatus)
                || (behindAtLastStatus && now - lastStatusNanos >= BEHIND_EVERY_NANOS))) {
            publishStatus();
        } else if (now - nextHeartbeatNanos >= 0) {
            beat(false);
        }
    }

    /** Reading thread (the source is not thread-safe): a snapshot now, and the heartbeat. */
    void publishStatus() {
        long start = clock.nanos();
        lastStatusNanos = start;
        Progress progress = progress();
        ShipperStatus snapshot = health.snapshot(source.files());
        status = snapshot;
        try {
            snapshot.write(statusFile);
        } catch (RuntimeException e) {
            log.warn("Cannot write status file [path={}]: {}", statusFile, e.getMessage());
        }
        progressAtLastStatus = progress;
        behindAtLastStatus = snapshot.bytesBehind() > 0;
        long took = clock.nanos() - start;
        nextStatusNanos = start + Math.min(STATUS_AT_MOST_NANOS, Math.max(STATUS_EVERY_NANOS, took * STATUS_COST_FACTOR));
        beat(false);
    }

    /** Reading thread, when the shipper stops cleanly: the last snapshot, and a heartbeat that says it stopped. */
    void stopped() {
        publishStatus();
        beat(true);
    }

    private void beat(boolean stopped) {
        nextHeartbeatNanos = clock.nanos() + ShipperHeartbeat.EVERY_MILLIS * 1_000_000L;
        ShipperStatus s = status;
        try {
            ShipperHeartbeat.beat(clock.millis(), s == null ? 0 : s.timeMillis(), stopped).write(heartbeatFile);
        } catch (RuntimeException e) {
            log.warn("Cannot write heartbeat file [path={}]: {}", heartbeatFile, e.getMessage());
        }
    }

    private Progress progress() {
        ShipperMetrics m = health.metrics();
        return new Progress(m.linesRead(), m.rowsShipped(), m.deadLettered(), m.retries(), m.retrying(), m.lastError(),
                health.suspended(), source.changes(), health.acknowledgedBatches());
    }

    /** Sending thread (the sink is not thread-safe). */
    void sendMetricsIfDue() {
        long now = clock.nanos();
        health.metrics().senderTick(now);
        ShipperStatus latest = status;
        if (metricsInterval.isZero() || now - nextMetricsNanos < 0 || latest == null) return;
        nextMetricsNanos = now + metricsInterval.toNanos();
        IlpBatch rows = metricsRows.of(latest);
        try {
            sink.send(rows, 0, rows.rows());
        } catch (SinkException e) {
            log.debug("Metrics rows not sent [table={}]: {}", HealthReport.TABLE, e.getMessage());
        }
    }
}
