package io.stratmon.app.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * {@code bench --live RATE}: a writer appends {@code rate} lines a second to a log file for {@code duration} while the
 * shipper (started by the caller) ships it, and a poller asks QuestDB every {@code pollInterval} how many rows each
 * table holds. Rows of one table become visible in the order they were appended (one file, batches applied in
 * order), so the n-th row of a table is the n-th line written for it: its freshness is the poll that first counted
 * it minus the moment the writer handed it to the kernel ({@link Freshness} keeps both bounds).
 * <p>
 * First one line per table is shipped and waited for (the tables are created then: that first row takes the DDL's
 * time and is left out). Then the writer appends for {@code warmup} (the JIT compiles the hot paths then: C2 takes
 * 10-30 s) and for {@code duration}: freshness, CPU and requests are counted over the last {@code duration} only.
 * After the run, the poller runs alone for a while, so what polling costs QuestDB can be told apart from what
 * shipping costs it. With {@code -Dstratmon.bench.trace=FILE} every timed row's append time (ms into the window) and
 * both bounds of its freshness are written to FILE, to see when the slow ones happen.
 */
public final class LiveRun {
    /**
     * What the run measured. {@code lines} and {@code wrote} cover the measured window (after the warm-up); {@code cpu}
     * the writer's time in that window; {@code pollerAlone} the poller with nothing to ship; {@code requests} the
     * shipper's ILP requests in the window.
     */
    public record Result(long lines, Duration wrote, Freshness freshness, ThreadCpu.Sample cpu,
                         ThreadCpu.Sample pollerAlone, long missing, Duration warmup, long requests) {}

    private final BenchHttp http;
    private final Path log;
    private final Dataset dataset;
    private final int rate;
    private final Duration duration;
    private final Duration warmup;
    private final Duration pollInterval;
    private final LongSupplier requests;
    private final List<String> tables;

    /** @param requests the shipper's ILP requests so far (e.g. {@code shipper.metrics()::batches}) */
    public LiveRun(BenchHttp http, Path log, Dataset dataset, int rate, Duration warmup, Duration duration,
                   Duration pollInterval, LongSupplier requests) {
        this.http = http;
        this.log = log;
        this.dataset = dataset;
        this.rate = rate;
        this.warmup = warmup;
        this.duration = duration;
        this.pollInterval = pollInterval;
        this.requests = requests;
        this.tables = dataset.tables();
    }

    public Result run() throws IOException, InterruptedException {
        Random random = new Random(1);
        try (FileOutputStream out = new FileOutputStream(log.toFile(), true)) {
            // Warm-up: one line per table, so the tables exist (with dedup, their DDL) before anything is timed.
            StringBuilder sb = new StringBuilder(256);
            long[] base = new long[tables.size()];
            for (long i = 0; i < pattern(); i++) dataset.append(sb, i, Instant.now(), random);
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            long[] firstCounts = dataset.counts(pattern());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int k = 0; k < tables.size(); k++) {
                while (http.count(tables.get(k)) < firstCounts[k]) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("warm-up rows not visible after 60 s [table=" + tables.get(k) + "]");
                    Thread.sleep(5);
                }
                base[k] = firstCounts[k];
            }

            // Warm-up, then the timed window: the writer on this thread, the poller on its own.
            Duration total = warmup.plus(duration);
            AtomicLongArray[] appendedAt = new AtomicLongArray[tables.size()];
            long[] expected = dataset.counts((long) rate * Math.max(1, total.toSeconds()) + rate);
            for (int k = 0; k < tables.size(); k++) appendedAt[k] = new AtomicLongArray((int) expected[k] + 1);
            AtomicLongArray published = new AtomicLongArray(tables.size());
            long start = System.nanoTime();
            long measureFrom = start + warmup.toNanos();
            Poller poller = new Poller(appendedAt, published, base, measureFrom);
            Thread pollThread = new Thread(poller, "bench-poller");
            pollThread.start();
            long end = measureFrom + duration.toNanos();
            long written = 0;
            long writtenBefore = -1;
            ThreadCpu.Sample before = null;
            long requestsBefore = 0;
            long[] perTable = new long[tables.size()];
            while (true) {
                long now = System.nanoTime();
                if (now >= end) break;
                if (before == null && now >= measureFrom) {
                    before = ThreadCpu.sample();
                    requestsBefore = requests.getAsLong();
                    writtenBefore = written;
                }
                long due = Math.min((long) ((now - start) / 1e9 * rate) + 1, (long) (total.toNanos() / 1e9 * rate));
                if (due > written) {
                    sb.setLength(0);
                    Instant wall = Instant.now();
                    long from = written;
                    for (long i = written; i < due; i++) dataset.append(sb, pattern() + i, wall, random);
                    long handedOver = System.nanoTime();
                    for (long i = from; i < due; i++) {
                        int k = dataset.kindOf(pattern() + i);
                        if (perTable[k] < appendedAt[k].length()) appendedAt[k].set((int) perTable[k], handedOver);
                        perTable[k]++;
                        published.set(k, perTable[k]);
                    }
                    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                    written = due;
                }
                long next = start + (long) ((written) * 1e9 / rate);
                long wait = next - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(Math.min(wait, 1_000_000));
            }
            Duration wrote = Duration.ofNanos(System.nanoTime() - measureFrom);
            ThreadCpu.Sample during = ThreadCpu.sample().minus(before);
            long requested = requests.getAsLong() - requestsBefore;
            // Let the last rows land, then measure the poller alone for as long again as a few seconds.
            poller.awaitAll(perTable, TimeUnit.SECONDS.toNanos(30));
            ThreadCpu.Sample quietStart = ThreadCpu.sample();
            Thread.sleep(Math.min(5_000, Math.max(1_000, duration.toMillis() / 5)));
            ThreadCpu.Sample pollerAlone = ThreadCpu.sample().minus(quietStart);
            poller.stop();
            pollThread.join();
            long missing = 0;
            for (int k = 0; k < tables.size(); k++) missing += perTable[k] - (poller.seen[k] - base[k]);
            poller.writeTrace();
            return new Result(written - writtenBefore, wrote, poller.freshness, during, pollerAlone, missing, warmup, requested);
        }
    }

    /** One full round of the dataset's mix (the warm-up writes it, so every table gets a row). */
    private int pattern() {
        return dataset.round();
    }

    /** Asks QuestDB for each table's count every poll interval; new rows get their freshness. */
    private final class Poller implements Runnable {
        final AtomicLongArray[] appendedAt;
        final AtomicLongArray published;
        final long[] seen;
        final long[] base;
        final long measureFrom;
        final Freshness freshness = new Freshness();
        final String tracePath = System.getProperty("stratmon.bench.trace");
        final StringBuilder trace = new StringBuilder();
        volatile boolean stopping;

        Poller(AtomicLongArray[] appendedAt, AtomicLongArray published, long[] base, long measureFrom) {
            this.appendedAt = appendedAt;
            this.published = published;
            this.base = base;
            this.seen = base.clone();
            this.measureFrom = measureFrom;
        }

        @Override
        public void run() {
            long previousSent = System.nanoTime();
            while (!stopping) {
                long sent = System.nanoTime();
                for (int k = 0; k < tables.size(); k++) {
                    long count = http.count(tables.get(k));
                    long answered = System.nanoTime();
                    synchronized (this) {
                        for (long row = seen[k]; row < count; row++) {
                            long index = row - base[k];
                            if (index >= published.get(k) || index >= appendedAt[k].length()) break;
                            long appended = appendedAt[k].get((int) index);
                            if (appended >= measureFrom) { // rows of the warm-up are not timed
                                freshness.add(appended, previousSent, answered);
                                if (tracePath != null) trace.append((appended - measureFrom) / 1_000_000).append(' ')
                                        .append((answered - appended) / 1_000_000).append(' ')
                                        .append(Math.max(0, previousSent - appended) / 1_000_000).append('\n');
                            }
                            seen[k] = row + 1;
                        }
                    }
                }
                previousSent = sent;
                LockSupport.parkNanos(pollInterval.toNanos());
            }
        }

        void awaitAll(long[] perTable, long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (System.nanoTime() < deadline) {
                boolean all = true;
                synchronized (this) {
                    for (int k = 0; k < perTable.length; k++) all &= seen[k] - base[k] >= perTable[k];
                }
                if (all) return;
                Thread.sleep(5);
            }
        }

        void stop() {
            stopping = true;
        }

        /** With {@code -Dstratmon.bench.trace=FILE}: "ms into the window, at most ms, at least ms" per timed row. */
        synchronized void writeTrace() throws IOException {
            if (tracePath == null) return;
            long uptimeAtStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()
                    - (System.nanoTime() - measureFrom) / 1_000_000;
            Files.writeString(Path.of(tracePath), "# window starts at JVM uptime " + uptimeAtStart + " ms\n" + trace);
        }
    }
}
