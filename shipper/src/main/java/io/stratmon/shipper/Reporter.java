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

/**
 * Publishes the shipper's health: a {@link ShipperStatus} snapshot (kept in memory and written to {@code status.json})
 * every half second from the reading thread, and the {@code stratmon_shipper} rows every {@code metricsInterval} from
 * the sending thread, as their own small send that is never retried (the next rows carry the totals).
 */
final class Reporter {
    private static final Logger log = LoggerFactory.getLogger(Reporter.class);
    private static final long STATUS_EVERY_NANOS = 500_000_000L;
    /** When nothing moved, status.json is rewritten less often: with 10,000 idle files a snapshot is not free. */
    private static final long IDLE_STATUS_EVERY_NANOS = 5_000_000_000L;

    private final HealthReport health;
    private final LineSource source;
    private final RowSink sink;
    private final Clock clock;
    private final Path statusFile;
    private final Duration metricsInterval;
    private final int protocolVersion;
    private long nextStatusNanos;
    private long lastStatusNanos;
    private long progressAtLastStatus = -1;
    private long nextMetricsNanos;
    private volatile ShipperStatus status;

    Reporter(HealthReport health, LineSource source, RowSink sink, Clock clock, Path statusFile, Duration metricsInterval,
             int protocolVersion) {
        this.health = health;
        this.source = source;
        this.sink = sink;
        this.clock = clock;
        this.statusFile = statusFile;
        this.metricsInterval = metricsInterval;
        this.protocolVersion = protocolVersion;
        this.nextMetricsNanos = clock.nanos() + metricsInterval.toNanos();
    }

    HealthReport health() {
        return health;
    }

    ShipperStatus status() {
        return status;
    }

    /** Reading thread: every half second while lines move or QuestDB is retried, every 5 s when all is idle (`status` calls a snapshot stale after 10 s). */
    void publishStatusIfDue() {
        long now = clock.nanos();
        health.metrics().readerTick(now);
        if (now - nextStatusNanos < 0) return;
        ShipperMetrics m = health.metrics();
        long progress = m.linesRead() + m.rowsShipped() + m.retries();
        if (progress == progressAtLastStatus && now - lastStatusNanos < IDLE_STATUS_EVERY_NANOS) return;
        progressAtLastStatus = progress;
        publishStatus();
    }

    /** Reading thread (the source is not thread-safe). */
    void publishStatus() {
        lastStatusNanos = clock.nanos();
        nextStatusNanos = lastStatusNanos + STATUS_EVERY_NANOS;
        ShipperStatus snapshot = health.snapshot(source.files());
        status = snapshot;
        try {
            snapshot.write(statusFile);
        } catch (RuntimeException e) {
            log.warn("Cannot write status file [path={}]: {}", statusFile, e.getMessage());
        }
    }

    /** Sending thread (the sink is not thread-safe). */
    void sendMetricsIfDue() {
        long now = clock.nanos();
        health.metrics().senderTick(now);
        ShipperStatus latest = status;
        if (metricsInterval.isZero() || now - nextMetricsNanos < 0 || latest == null) return;
        nextMetricsNanos = now + metricsInterval.toNanos();
        IlpBatch rows = health.metricsRows(latest, protocolVersion);
        try {
            sink.send(rows, 0, rows.rows());
        } catch (SinkException e) {
            log.debug("Metrics rows not sent [table={}]: {}", HealthReport.TABLE, e.getMessage());
        }
    }
}
