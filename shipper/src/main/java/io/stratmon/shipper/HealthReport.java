package io.stratmon.shipper;

import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.sink.WalHealth;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.TrackedFile;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the shipper says about itself: rows for its own QuestDB table {@code stratmon_shipper} (one per file and one
 * with {@code file = '*'} for the totals) and {@link ShipperStatus} snapshots for {@code status.json}. Column names
 * and meanings are documented in docs/shipper.md; the dashboard's pipeline-health panels read them.
 */
final class HealthReport {
    static final String TABLE = "stratmon_shipper";

    private final ShipperMetrics metrics;
    private final String questDbUrl;
    private final String host = hostName();
    /** sinkguard: QuestDB WAL tables seen suspended (their rows are acknowledged but not visible). */
    private final Supplier<List<WalHealth.TableState>> suspended;

    HealthReport(ShipperMetrics metrics, String questDbUrl, Supplier<List<WalHealth.TableState>> suspended) {
        this.metrics = metrics;
        this.questDbUrl = questDbUrl;
        this.suspended = suspended;
    }

    /** Adds the metrics rows of this moment to a batch. */
    void addRows(RowBatch batch, Collection<TrackedFile> files, long nowNanos) {
        long ts = System.currentTimeMillis() * 1_000_000L;
        double batchMs = metrics.lastBatchMicros() / 1000.0;
        long behindBytes = 0;
        double behindSeconds = 0;
        for (TrackedFile f : files) {
            behindBytes += f.bytesBehind();
            behindSeconds = Math.max(behindSeconds, f.secondsBehind(nowNanos));
            batch.add(row(ts, f.path().toString(), f.linesRead(), f.rowsShipped(), f.deadLetteredCount(),
                    0, f.bytesBehind(), f.secondsBehind(nowNanos), batchMs), null, null, -1, null, 0, 0);
        }
        Row total = row(ts, "*", metrics.linesRead(), metrics.rowsShipped(), metrics.deadLettered(),
                metrics.retries(), behindBytes, behindSeconds, batchMs);
        List<String> names = suspendedNames();
        List<Row.Column> columns = new ArrayList<>(total.columns());
        columns.add(new Row.Column("wal_suspended", ColumnType.DOUBLE, (double) names.size()));
        if (!names.isEmpty()) columns.add(new Row.Column("suspended_tables", ColumnType.VARCHAR, String.join(",", names)));
        batch.add(new Row(TABLE, ts, columns), null, null, -1, null, 0, 0);
    }

    private Row row(long ts, String file, long read, long shipped, long dead, long retries, long bytesBehind,
                    double secondsBehind, double batchMs) {
        return new Row(TABLE, ts, List.of(
                new Row.Column("host", ColumnType.SYMBOL, host),
                new Row.Column("file", ColumnType.SYMBOL, file),
                new Row.Column("lines_read", ColumnType.DOUBLE, (double) read),
                new Row.Column("rows_shipped", ColumnType.DOUBLE, (double) shipped),
                new Row.Column("dead_lettered", ColumnType.DOUBLE, (double) dead),
                new Row.Column("retries", ColumnType.DOUBLE, (double) retries),
                new Row.Column("bytes_behind", ColumnType.DOUBLE, (double) bytesBehind),
                new Row.Column("seconds_behind", ColumnType.DOUBLE, secondsBehind),
                new Row.Column("batch_ms", ColumnType.DOUBLE, batchMs)));
    }

    /** The shipper as of now: totals and every open file. */
    ShipperStatus snapshot(Collection<TrackedFile> files, long nowNanos) {
        List<ShipperStatus.FileStatus> list = new ArrayList<>();
        for (TrackedFile f : files) {
            FileSource s = f.source();
            list.add(new ShipperStatus.FileStatus(f.path().toString(), s.id().toString(), s.src(), f.ackedOffset(),
                    f.ackedOffset() + f.bytesBehind(), f.bytesBehind(), f.secondsBehind(nowNanos), f.linesRead(),
                    f.rowsShipped(), f.deadLetteredCount(), f.orphaned()));
        }
        return new ShipperStatus(System.currentTimeMillis(), questDbUrl, metrics.retrying(), metrics.lastError(),
                metrics.linesRead(), metrics.rowsShipped(), metrics.deadLettered(), metrics.retries(),
                metrics.lastBatchMicros() / 1000.0, list, suspendedNames());
    }

    private List<String> suspendedNames() {
        return suspended.get().stream().map(WalHealth.TableState::table).toList();
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
