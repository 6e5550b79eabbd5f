package io.stratmon.shipper;

import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Freshness: how long a line takes from its append to being visible to a query. A writer appends numbered lines to a
 * file at a fixed rate, one {@code write} per line (as Logback does with {@code immediateFlush}), and notes when each
 * write returned; a reader asks QuestDB for the newest row ({@code SELECT seq FROM t LIMIT -1}) over and over. A line
 * counts as visible when the first answer that includes it came back, so each figure is an upper bound, too high by at
 * most one round trip of that query ({@link Result#queryMs()}, typically 1 ms). Lines of the first
 * {@code warmUp} are written but not counted (table creation, JIT).
 *
 * <pre>{@code
 * FreshnessProbe.Result r = FreshnessProbe.run(file, "fresh", 2_000, Duration.ofSeconds(3), Duration.ofSeconds(20), sql);
 * }</pre>
 */
final class FreshnessProbe {
    private FreshnessProbe() {}

    /** Percentiles in milliseconds over the counted lines. */
    record Result(int lines, double p50Ms, double p90Ms, double p99Ms, double maxMs, double queryMs) {
        @Override
        public String toString() {
            return String.format("%d lines: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (query round trip %.2f ms)",
                    lines, p50Ms, p90Ms, p99Ms, maxMs, queryMs);
        }
    }

    static Result run(Path file, String table, int perSecond, Duration warmUp, Duration window, SqlClient sql)
            throws IOException, InterruptedException {
        int skipped = (int) (perSecond * warmUp.toMillis() / 1000);
        int total = skipped + (int) (perSecond * window.toMillis() / 1000);
        long[] appended = new long[total];
        long[] visible = new long[total];
        Thread writer = new Thread(() -> write(file, table, perSecond, appended), "freshness-writer");
        writer.start();
        long queries = 0;
        long queryNanos = 0;
        long seen = -1;
        long deadline = System.nanoTime() + warmUp.plus(window).plusSeconds(30).toNanos();
        while (seen < total - 1 && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            long newest;
            try {
                QueryResult r = sql.query("SELECT seq FROM '" + table + "' LIMIT -1");
                newest = r.isEmpty() ? -1 : (long) r.doubleValue(0, 0);
            } catch (SqlException e) {
                newest = -1; // the table is not there yet
            }
            long t1 = System.nanoTime();
            queries++;
            queryNanos += t1 - t0;
            for (long s = seen + 1; s <= newest && s < total; s++) visible[(int) s] = t1;
            seen = Math.max(seen, Math.min(newest, total - 1));
            LockSupport.parkNanos(200_000);
        }
        writer.join();
        if (seen < total - 1) throw new AssertionError("only " + (seen + 1) + " of " + total + " lines became visible");
        double[] ms = new double[total - skipped];
        for (int i = skipped; i < total; i++) ms[i - skipped] = (visible[i] - appended[i]) / 1e6;
        Arrays.sort(ms);
        return new Result(ms.length, at(ms, 0.50), at(ms, 0.90), at(ms, 0.99), ms[ms.length - 1], queryNanos / 1e6 / queries);
    }

    private static double at(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** Appends line {@code seq} at {@code start + seq / perSecond}, one write each, noting when the write returned. */
    private static void write(Path file, String table, int perSecond, long[] appended) {
        try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
            long start = System.nanoTime();
            long every = 1_000_000_000L / perSecond;
            for (int seq = 0; seq < appended.length; seq++) {
                long due = start + seq * every;
                long wait = due - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                out.write(LogWriter.line(table, seq).getBytes(StandardCharsets.UTF_8));
                appended[seq] = System.nanoTime();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
