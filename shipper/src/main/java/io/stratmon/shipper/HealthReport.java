package io.stratmon.shipper;

import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.sink.IlpBatch;
import io.stratmon.shipper.tail.Batch;
import io.stratmon.shipper.tail.FileId;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.FileState;
import io.stratmon.shipper.time.Clock;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the shipper says about itself: per-file counters (lines read, rows shipped, dead letters, acknowledged
 * offset), {@link ShipperStatus} snapshots for {@code status.json}, and rows for its own QuestDB table
 * {@code stratmon_shipper} (one per file and one with {@code file = '*'} for the totals), sent on their own. Column
 * names and meanings are documented in docs/shipper.md; the dashboard's pipeline-health panels read them.
 * <p>
 * The reading thread counts reads and takes snapshots, the sending thread counts acknowledgements: each counter has
 * one writer, updated once per batch and file, never per row.
 */
final class HealthReport {
    static final String TABLE = "stratmon_shipper";

    private final ShipperMetrics metrics;
    private final String questDbUrl;
    private final Clock clock;
    private final Supplier<List<String>> suspended;
    /** Looked up once per process: a slow resolver must not cost every start (or every test). */
    private static volatile String host;
    private final Map<FileId, Counters> byFile = new ConcurrentHashMap<>();

    private static final class Counters {
        volatile long linesRead;
        volatile long rowsShipped;
        volatile long deadLettered;
        volatile long ackedOffset = -1;
        final FileLag lag = new FileLag();
    }

    HealthReport(ShipperMetrics metrics, String questDbUrl, Clock clock) {
        this(metrics, questDbUrl, clock, List::of);
    }

    /** @param suspended QuestDB WAL tables seen suspended (their rows are acknowledged but not visible) */
    HealthReport(ShipperMetrics metrics, String questDbUrl, Clock clock, Supplier<List<String>> suspended) {
        this.metrics = metrics;
        this.questDbUrl = questDbUrl;
        this.clock = clock;
        this.suspended = suspended;
    }

    ShipperMetrics metrics() {
        return metrics;
    }

    private volatile long acknowledgedBatches; // written by the sending thread only

    private Counters of(FileSource source) {
        return byFile.computeIfAbsent(source.id(), id -> new Counters());
    }

    /** Batches acknowledged so far: their files' acknowledged offsets moved (the status's bytes behind). */
    long acknowledgedBatches() {
        return acknowledgedBatches;
    }

    /** Reading thread: a batch was read. */
    void read(Batch batch) {
        for (Batch.FileRead r : batch.reads()) {
            Counters c = of(r.source());
            c.linesRead += r.lines();
            if (c.ackedOffset < 0) c.ackedOffset = r.endOffset() - r.bytes(); // where this run started: committed
        }
        metrics.linesRead(batch.lines(), batch.bytes());
        metrics.readerTick(clock.nanos());
    }

    /** Sending thread: a batch is acknowledged (its rows shipped or refused) and its cursors are committed. */
    void acknowledged(Batch batch, RowBatch rows, List<Rejection> deadLettered) {
        for (Batch.FileRead r : batch.reads()) of(r.source()).ackedOffset = r.endOffset();
        acknowledgedBatches++;
        int n = rows.rows();
        for (int i = 0; i < n; ) {
            FileSource source = rows.line(i).source();
            int run = i;
            while (run < n && rows.line(run).source() == source) run++;
            of(source).rowsShipped += run - i;
            i = run;
        }
        for (Rejection r : deadLettered) {
            of(r.source()).deadLettered++;
            metrics.lineDeadLettered(r.stage());
        }
    }

    /** Reading thread: the shipper as of now, totals and every known file. */
    ShipperStatus snapshot(List<FileState> files) {
        long now = clock.nanos();
        List<ShipperStatus.FileStatus> list = new ArrayList<>(files.size());
        Set<FileId> known = new HashSet<>();
        for (FileState f : files) {
            FileSource s = f.source();
            Counters c = of(s);
            known.add(s.id());
            long acked = c.ackedOffset < 0 ? f.readOffset() : c.ackedOffset;
            long behind = Math.max(0, f.size() - acked);
            double seconds = c.lag.secondsBehind(now, f.size(), acked);
            list.add(new ShipperStatus.FileStatus(f.path(), s.id().toString(), s.src(), acked, acked + behind, behind,
                    seconds, c.linesRead, c.rowsShipped, c.deadLettered, f.draining(), f.error()));
        }
        byFile.keySet().retainAll(known);
        return new ShipperStatus(clock.millis(), questDbUrl, metrics.retrying(), metrics.lastError(),
                metrics.linesRead(), metrics.rowsShipped(), metrics.deadLettered(), metrics.retries(),
                metrics.lastBatchMicros() / 1000.0, list, suspended.get());
    }

    /** QuestDB WAL tables seen suspended now. */
    List<String> suspended() {
        return suspended.get();
    }

    /**
     * The metrics rows of a snapshot, encoded for their own small send: one per file of {@code files} (those that
     * changed, {@link MetricsRows}) and the totals ({@code bytesBehind}, {@code secondsBehind}: of every file).
     */
    IlpBatch metricsRows(ShipperStatus status, List<ShipperStatus.FileStatus> files, long bytesBehind, double secondsBehind,
                         int protocolVersion) {
        IlpBatch batch = new IlpBatch(protocolVersion);
        long ts = clock.millis() * 1_000_000L;
        for (ShipperStatus.FileStatus f : files) {
            batch.add(row(ts, f.path(), f.linesRead(), f.rowsShipped(), f.deadLettered(), 0, f.bytesBehind(),
                    f.secondsBehind(), status.lastBatchMs()), null, 0);
        }
        Row total = row(ts, "*", status.linesRead(), status.rowsShipped(), status.deadLettered(), status.retries(),
                bytesBehind, secondsBehind, status.lastBatchMs());
        List<String> names = status.suspendedTables();
        List<Row.Column> columns = new ArrayList<>(total.columns());
        columns.add(new Row.Column("wal_suspended", ColumnType.DOUBLE, (double) names.size()));
        // Base units (seconds, bytes), as the Prometheus metrics: batch_seconds is batch_ms / 1000.
        columns.add(new Row.Column("bytes_read", ColumnType.DOUBLE, (double) metrics.bytesRead()));
        long lag = metrics.lastLagNanos();
        if (lag >= 0) columns.add(new Row.Column("lag_seconds", ColumnType.DOUBLE, lag / 1e9));
        if (!names.isEmpty()) columns.add(new Row.Column("suspended_tables", ColumnType.VARCHAR, String.join(",", names)));
        batch.add(new Row(TABLE, ts, columns), null, 0);
        return batch;
    }

    private Row row(long ts, String file, long read, long shipped, long dead, long retries, long bytesBehind,
                    double secondsBehind, double batchMs) {
        return new Row(TABLE, ts, List.of(
                new Row.Column("host", ColumnType.SYMBOL, hostName()),
                new Row.Column("file", ColumnType.SYMBOL, file),
                new Row.Column("lines_read", ColumnType.DOUBLE, (double) read),
                new Row.Column("rows_shipped", ColumnType.DOUBLE, (double) shipped),
                new Row.Column("dead_lettered", ColumnType.DOUBLE, (double) dead),
                new Row.Column("retries", ColumnType.DOUBLE, (double) retries),
                new Row.Column("bytes_behind", ColumnType.DOUBLE, (double) bytesBehind),
                new Row.Column("seconds_behind", ColumnType.DOUBLE, secondsBehind),
                new Row.Column("batch_ms", ColumnType.DOUBLE, batchMs),
                new Row.Column("batch_seconds", ColumnType.DOUBLE, batchMs / 1000)));
    }

    private static String hostName() {
        if (host == null) host = lookUpHostName();
        return host;
    }

    private static String lookUpHostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
