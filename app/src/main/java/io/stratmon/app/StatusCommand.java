package io.stratmon.app;

import io.stratmon.shipper.ShipperHeartbeat;
import io.stratmon.shipper.ShipperStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code stratmon status}: what the shipper is doing, from the {@code status.json} it rewrites in its state dir when
 * something changed (at most every half second), and whether it runs, from its {@code heartbeat.json} (rewritten
 * every 5 s, with the time by which the next one is due, and a last one saying {@code stopped} on a clean stop). An
 * idle shipper has an old status and a fresh heartbeat; a dead one a heartbeat past its due time. Without a heartbeat
 * (a shipper from before them) a status older than 10 s means not running. Works when QuestDB is down, which is when
 * you need it most.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the shipper's health: lines read/shipped/dead-lettered, retries, and per file how far behind it is.")
final class StatusCommand implements Callable<Integer> {
    static final long STALE_MILLIS = 10_000;

    @Option(names = "--state-dir", defaultValue = "stratmon-data/state",
            description = "The shipper's state dir (ship --state-dir; demo uses <data-dir>/state). Default: ${DEFAULT-VALUE}.")
    Path stateDir;

    @Option(names = "--json", description = "Print the raw status.json.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Path file = stateDir.resolve("status.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no shipper status here [path=" + file + "]: is --state-dir right?");
        }
        if (json) {
            System.out.println(Files.readString(file));
            return 0;
        }
        ShipperStatus status = ShipperStatus.read(file);
        ShipperHeartbeat heartbeat = ShipperHeartbeat.read(stateDir.resolve(ShipperHeartbeat.FILE));
        long now = System.currentTimeMillis();
        print(status, heartbeat, now, System.out);
        return isHealthy(status, heartbeat, now) ? 0 : 1;
    }

    /** Running: a heartbeat not yet past its due time, or (no heartbeat, or one older than the status) a fresh status. */
    static boolean isRunning(ShipperStatus s, ShipperHeartbeat h, long nowMillis) {
        if (h != null && h.writtenMillis() >= s.timeMillis()) return h.alive(nowMillis);
        return nowMillis - s.timeMillis() <= STALE_MILLIS;
    }

    static boolean isHealthy(ShipperStatus s, ShipperHeartbeat h, long nowMillis) {
        return !s.retrying() && s.suspendedTables().isEmpty() && isRunning(s, h, nowMillis);
    }

    static void print(ShipperStatus s, ShipperHeartbeat h, long nowMillis, PrintStream out) {
        long age = nowMillis - s.timeMillis();
        boolean beats = h != null && h.writtenMillis() >= s.timeMillis();
        long silent = nowMillis - (beats ? h.writtenMillis() : s.timeMillis());
        String state = !isRunning(s, h, nowMillis)
                ? (beats && h.stopped() ? "NOT RUNNING (stopped " + silent / 1000 + " s ago)" : "NOT RUNNING (no update for " + silent / 1000 + " s)")
                : s.retrying() ? "RETRYING: QuestDB unavailable: " + s.lastError()
                : !s.suspendedTables().isEmpty() ? "HELD: QuestDB WAL suspended for " + String.join(", ", s.suspendedTables())
                : "OK";
        out.printf("shipper  %s%n", state);
        for (String t : s.suspendedTables()) {
            out.printf("  table %s: rows acknowledged but not visible, checkpoints wait; after fixing the cause (QuestDB's log)"
                    + " run: ALTER TABLE \"%s\" RESUME WAL;%n", t, t.replace("\"", "\"\""));
        }
        out.printf("  questdb %s, updated %.1f s ago%s%n", s.questdb(), age / 1000.0,
                beats && !h.stopped() ? String.format(" (last change), heartbeat %.1f s ago, pid %d", silent / 1000.0, h.pid()) : "");
        out.printf("  lines read %,d   rows shipped %,d   dead-lettered %,d   retries %,d   last batch %.1f ms%n",
                s.linesRead(), s.rowsShipped(), s.deadLettered(), s.retries(), s.lastBatchMs());
        out.printf("  behind %,d bytes, %.1f s%n", s.bytesBehind(), s.secondsBehind());
        if (s.files().isEmpty()) {
            out.println("  no files open (do the globs match anything?)");
            return;
        }
        out.printf("  %-48s %14s %14s %12s %8s %12s %6s%n", "FILE", "SHIPPED TO", "SIZE", "BEHIND", "SECONDS", "ROWS", "DEAD");
        for (ShipperStatus.FileStatus f : s.files()) {
            out.printf("  %-48s %14d %14d %12d %8.1f %12d %6d%s%n", shorten(f.path(), 48), f.offset(), f.size(), f.bytesBehind(),
                    f.secondsBehind(), f.rowsShipped(), f.deadLettered(), f.draining() ? "  (rotated away, draining)" : "");
        }
    }

    private static String shorten(String path, int width) {
        return path.length() <= width ? path : "..." + path.substring(path.length() - width + 3);
    }
}
