package io.stratmon.app;

import io.stratmon.app.bench.BenchHttp;
import io.stratmon.app.bench.Ceiling;
import io.stratmon.app.bench.Dataset;
import io.stratmon.app.bench.LiveRun;
import io.stratmon.app.bench.PeakRss;
import io.stratmon.app.bench.ThreadCpu;
import io.stratmon.app.bench.ThreadCpu.Group;
import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.store.EmbeddedQuestDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * {@code stratmon bench}: end-to-end shipping speed and cost. Writes N lines of a dataset, ships them into a fresh
 * embedded QuestDB and times until every row is visible; then posts the same rows as ready-made ILP into identical
 * tables (the ceiling). Prints one table: lines/s, the shipper's CPU per line, QuestDB's CPU per row fed either way
 * (by thread name: QuestDB runs in this JVM), the JVM's own CPU, peak RSS. {@code --live RATE} instead appends RATE
 * lines/s while the shipper runs and prints freshness (append → visible) and CPU % of a core.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark: ship lines into a fresh embedded QuestDB and compare with ready-made ILP (or, with --live, measure freshness and CPU at a rate).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--lines", defaultValue = "2000000", description = "Lines to generate. Default: ${DEFAULT-VALUE}.")
    int lines;

    @Option(names = "--dataset", defaultValue = "reference",
            description = "reference (price_log lines) or mixed (40 %% price_log, 30 %% order_fill, 22 %% http_request, 8 %% risk_check). Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--dir", description = "Work directory (default: a temp dir, deleted afterwards).")
    Path dir;

    @Option(names = "--dedup", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Ship into dedup tables (the default and the exactly-once setting). Default: ${DEFAULT-VALUE}.")
    boolean dedup;

    @Option(names = "--live", paramLabel = "RATE", description = "Instead of a backlog: append RATE lines/s for --duration while shipping; print freshness and CPU %%.")
    Integer live;

    @Option(names = "--duration", converter = DurationConverter.class, defaultValue = "30s",
            description = "How long --live measures (after --warmup). Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--warmup", converter = DurationConverter.class, defaultValue = "20s",
            description = "How long --live appends before it measures (the JIT compiles meanwhile; 0s to measure from the start). Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--poll", converter = DurationConverter.class, defaultValue = "10ms",
            description = "How often --live asks QuestDB for new rows (the resolution of freshness; each poll costs QuestDB about 1-2 ms of CPU per table here, so 2 ms polls took a core). Default: ${DEFAULT-VALUE}.")
    Duration poll;

    @Option(names = "--batch-rows", description = "The shipper's batch_max_rows (default: the shipper's default).")
    Integer batchRows;

    @Option(names = "--batch-bytes", description = "The shipper's batch_max_bytes (default: the shipper's default).")
    Long batchBytes;

    @Option(names = "--protocol", description = "ILP protocol version, 1 (text doubles) or 2 (binary doubles), for the shipper and the ceiling. Default: the shipper's.")
    Integer protocol;

    @Override
    public Integer call() throws Exception {
        Dataset data;
        try {
            data = Dataset.parse(dataset);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: --dataset: " + e.getMessage());
            return 2;
        }
        if (live != null && live < 1) {
            System.err.println("bench: --live: must be a positive rate in lines per second [value=" + live + "]");
            return 2;
        }
        if (live != null && (duration.isNegative() || duration.isZero() || warmup.isNegative())) {
            System.err.println("bench: --duration must be positive and --warmup not negative [duration=" + duration
                    + ", warmup=" + warmup + "]");
            return 2;
        }
        boolean temp = dir == null;
        Path work = temp ? Files.createTempDirectory("stratmon-bench-") : Files.createDirectories(dir);
        try {
            return live != null ? runLive(work, data) : runBacklog(work, data);
        } finally {
            if (temp) deleteRecursively(work);
        }
    }

    private ShipperConfig config(Path log, String url, Path work) {
        ShipperConfig config = ShipperConfig.of(List.of(log.toString()), url, work.resolve("state"))
                .withDedup(dedup).withMetricsInterval(Duration.ZERO);
        if (batchRows != null) config = config.withMaxBatchRows(batchRows);
        if (batchBytes != null) config = config.withMaxBatchBytes(batchBytes);
        if (protocol != null) config = config.withSink(config.sink().withProtocolVersion(protocol));
        return config;
    }

    private int runBacklog(Path work, Dataset data) throws Exception {
        Path log = work.resolve("bench.jsonl");
        long t0 = System.nanoTime();
        long bytes = data.write(log, lines);
        System.out.printf("generated %,d %s lines (%,.1f MB) in %.1f s -> %s%n", lines, data.name().toLowerCase(), bytes / 1e6,
                secondsSince(t0), log);
        printMachine();
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(work.resolve("questdb")))) {
            BenchHttp http = new BenchHttp(db.httpUrl(), db.credentials().basicAuthorization());
            List<String> tables = data.tables();
            ShipperConfig config = config(log, db.httpUrl(), work).withCredentials(db.credentials().user(), db.credentials().password());
            // QuestDB's workers spin and nap while idle: what that costs (it is not simply "per second" of a run: a
            // busy worker does not spin, so it cannot be netted out of a run's CPU per row).
            ThreadCpu.Sample idleStart = ThreadCpu.sample();
            Thread.sleep(2_000);
            ThreadCpu.Sample idle = ThreadCpu.sample().minus(idleStart);
            boolean rssReset = PeakRss.reset();
            ThreadCpu.Sample before = ThreadCpu.sample();
            long jitBefore = ThreadCpu.compilerNanos();
            long[] gcBefore = collections();
            long start = System.nanoTime();
            double shipSeconds;
            ThreadCpu.Sample shipped;
            SteadyRate steady = new SteadyRate(lines);
            try (Shipper shipper = Shipper.start(config)) {
                awaitRows(http, tables, "", lines, () -> {
                    long acked = shipper.metrics().rowsShipped();
                    steady.sample(System.nanoTime(), acked);
                    return acked;
                });
                shipSeconds = secondsSince(start);
                shipped = ThreadCpu.sample().minus(before); // before close: the shipper's threads take their time with them
            }
            long jitShip = jitBefore < 0 ? -1 : ThreadCpu.compilerNanos() - jitBefore;
            long[] gcShip = collections();
            long peakRss = PeakRss.peakBytes();

            Ceiling ceiling = Ceiling.prepare(log, work.resolve("ceiling.ilp"), dedup, config.sink().protocolVersion());
            Ceiling.createTables(http, tables, dedup);
            ThreadCpu.Sample beforeCeiling = ThreadCpu.sample();
            long jitBeforeCeiling = ThreadCpu.compilerNanos();
            start = System.nanoTime();
            ceiling.post(http);
            awaitRows(http, tables, Ceiling.SUFFIX, ceiling.rows(), () -> -1);
            double ilpSeconds = secondsSince(start);
            ThreadCpu.Sample posted = ThreadCpu.sample().minus(beforeCeiling);
            long jitCeiling = jitBeforeCeiling < 0 ? -1 : ThreadCpu.compilerNanos() - jitBeforeCeiling;

            double perLine = 1e-3 / lines; // ns → µs per line
            double qdbShip = posted.nanos(Group.QUESTDB) == 0 ? Double.NaN : shipped.nanos(Group.QUESTDB) * perLine;
            double perRow = 1e-3 / ceiling.rows();
            double qdbCeiling = posted.nanos(Group.QUESTDB) * perRow;
            System.out.printf("%n%-34s %16s %18s %8s%n", String.format("%,d %s lines, dedup %s", lines, data.name().toLowerCase(),
                    dedup ? "on" : "off"), "stratmon ship", "ceiling (raw ILP)", "ratio");
            System.out.printf("%-34s %16s %18s %8.2f%n", "lines/s until all visible", fmt(lines / shipSeconds), fmt(ceiling.rows() / ilpSeconds),
                    ilpSeconds / shipSeconds);
            System.out.printf("%-34s %16s %18s%n", "  seconds", String.format("%.2f", shipSeconds), String.format("%.2f", ilpSeconds));
            System.out.printf("%-34s %16s%n", "  steady state (20-80 % acked)", fmt(steady.rate()));
            System.out.printf("%-34s %16.2f %18s%n", "shipper CPU µs/line (its threads)", shipped.nanos(Group.SHIPPER) * perLine, "-");
            System.out.printf("%-34s %16.2f %18.2f %8.2f%n", "QuestDB CPU µs/row (its workers)", qdbShip, qdbCeiling, qdbShip / qdbCeiling);
            System.out.printf("%-34s %15.1f%%%n", "  QuestDB idle (2 s before), % core", idle.percentOfCore(Group.QUESTDB));
            System.out.printf("%-34s %16.2f %18.2f%n", "JVM CPU µs/line (GC, JIT; shared)", shipped.nanos(Group.JVM) * perLine,
                    posted.nanos(Group.JVM) * perRow);
            if (jitShip >= 0 && jitCeiling >= 0) {
                System.out.printf("%-34s %16.2f %18.2f%n", "  of which JIT compilers", jitShip * perLine, jitCeiling * perRow);
                System.out.printf("%-34s %16.2f %18.2f%n", "  of which GC, VM thread, other", (shipped.nanos(Group.JVM) - jitShip) * perLine,
                        (posted.nanos(Group.JVM) - jitCeiling) * perRow);
            }
            System.out.printf("%-34s %16s%n", "  collections while shipping", String.format("%d young, %d full, %,d ms paused",
                    gcShip[0] - gcBefore[0], gcShip[1] - gcBefore[1], gcShip[2] - gcBefore[2]));
            System.out.printf("%-34s %16.2f %18.2f%n", "bench CPU µs/line (poll, post)", shipped.nanos(Group.OTHER) * perLine,
                    posted.nanos(Group.OTHER) * perRow);
            System.out.printf("%-34s %16s%n", "peak RSS while shipping", peakRss < 0 ? "unknown"
                    : String.format("%,d MB%s", peakRss >> 20, rssReset ? "" : " (since start)"));
            System.out.printf("(the process: embedded QuestDB + shipper + bench; %d ILP requests of up to 8 MB for the ceiling; load average %s)%n",
                    ceiling.requests(), loadAverage());
        }
        return 0;
    }

    private int runLive(Path work, Dataset data) throws Exception {
        Path log = work.resolve("live.jsonl");
        Files.deleteIfExists(log);
        Files.createFile(log);
        printMachine();
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(work.resolve("questdb")))) {
            BenchHttp http = new BenchHttp(db.httpUrl(), db.credentials().basicAuthorization());
            LiveRun.Result r;
            boolean rssReset = PeakRss.reset();
            try (Shipper shipper = Shipper.start(config(log, db.httpUrl(), work).withCredentials(db.credentials().user(), db.credentials().password()))) {
                r = new LiveRun(http, log, data, live, warmup, duration, poll, () -> shipper.metrics().batches()).run();
            }
            long peakRss = PeakRss.peakBytes();
            double seconds = r.wrote().toNanos() / 1e9;
            System.out.printf("%nlive: %,d %s lines/s, measured over %.1f s after a %.0f s warm-up (%,d lines), dedup %s,"
                    + " QuestDB polled every %d ms%n", live, data.name().toLowerCase(), seconds, r.warmup().toMillis() / 1e3,
                    r.lines(), dedup ? "on" : "off", poll.toMillis());
            System.out.printf("shipper: %,.1f ILP requests/s (%,.1f lines each)%n", r.requests() / seconds,
                    r.requests() == 0 ? 0.0 : (double) r.lines() / r.requests());
            System.out.printf("%-36s %10s %10s %10s%n", "freshness, append → visible", "p50", "p99", "max");
            System.out.printf("%-36s %10s %10s %10s%n", "  at most (poll answered)", ms(r.freshness().latestQuantile(0.5)),
                    ms(r.freshness().latestQuantile(0.99)), ms(r.freshness().latestQuantile(1)));
            System.out.printf("%-36s %10s %10s %10s%n", "  at least (previous poll sent)", ms(r.freshness().earliestQuantile(0.5)),
                    ms(r.freshness().earliestQuantile(0.99)), ms(r.freshness().earliestQuantile(1)));
            System.out.printf("%-36s %10s %10s %12s%n", "CPU % of one core", "shipping", "poll only", "runs/s ship");
            for (Group g : Group.values()) {
                String label = switch (g) {
                    case SHIPPER -> "  shipper (its threads)";
                    case QUESTDB -> "  QuestDB (its workers)";
                    case JVM -> "  JVM (GC, JIT; shared)";
                    case OTHER -> "  bench (writer, poller)";
                };
                System.out.printf("%-36s %9.1f%% %9.1f%% %12.0f%n", label, r.cpu().percentOfCore(g), r.pollerAlone().percentOfCore(g),
                        r.cpu().runsPerSecond(g));
            }
            System.out.printf("%-36s %10s%n", "peak RSS", peakRss < 0 ? "unknown" : String.format("%,d MB%s", peakRss >> 20, rssReset ? "" : "*"));
            if (r.missing() != 0) System.out.printf("WARNING: %,d rows were not visible 30 s after the writer stopped%n", r.missing());
            System.out.printf("(%,d rows timed, those appended in the measured window; runs/s: times the group's threads were"
                    + " put on a CPU, about their wake-ups; load average %s)%n", r.freshness().rows(), loadAverage());
            return r.missing() == 0 ? 0 : 1;
        }
    }

    /** Young collections, full collections, and milliseconds spent in collections so far (all collectors). */
    private static long[] collections() {
        long[] c = new long[3];
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            boolean full = gc.getName().contains("MarkSweep") || gc.getName().contains("Old") && !gc.getName().contains("Young");
            c[full ? 1 : 0] += Math.max(0, gc.getCollectionCount());
            c[2] += Math.max(0, gc.getCollectionTime());
        }
        return c;
    }

    private static String ms(double nanos) {
        return Double.isNaN(nanos) ? "-" : String.format("%.1f ms", nanos / 1e6);
    }

    private static String fmt(double rate) {
        return Double.isNaN(rate) ? "-" : String.format("%,.0f", rate);
    }

    private static void printMachine() {
        System.out.printf("machine: %d cores, %s, Java %s, GC %s, max heap %d MB, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.version"), ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName).toList(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /**
     * Waits until the tables (with {@code suffix}) hold {@code n} rows in all. While rows are still being acknowledged
     * ({@code acked} below {@code n}; -1: not known) QuestDB is not asked: polling it all along would cost it CPU
     * in proportion to the run's length and so weigh on the slower run's CPU per row. Prints progress every 2 s.
     */
    private static void awaitRows(BenchHttp http, List<String> tables, String suffix, long n, LongSupplier acked)
            throws InterruptedException {
        long lastPrint = System.nanoTime();
        for (long a = acked.getAsLong(); a >= 0 && a < n; a = acked.getAsLong()) {
            if (System.nanoTime() - lastPrint > 2_000_000_000L) {
                System.out.printf("  %,d rows acknowledged%n", a);
                lastPrint = System.nanoTime();
            }
            Thread.sleep(10);
        }
        while (true) {
            long count = 0;
            for (String t : tables) count += Math.max(0, http.count(t + suffix));
            if (count >= n) return;
            if (System.nanoTime() - lastPrint > 2_000_000_000L) {
                System.out.printf("  %s: %,d rows visible%n", suffix.isEmpty() ? "shipped" : "ceiling", count);
                lastPrint = System.nanoTime();
            }
            Thread.sleep(5);
        }
    }

    /** Acknowledged lines per second between 20% and 80% of the run: the rate once the JIT has warmed up. */
    static final class SteadyRate {
        private final long total;
        private long t20 = -1, t80 = -1, n20, n80;

        SteadyRate(long total) {
            this.total = total;
        }

        void sample(long nanos, long acked) {
            if (t20 < 0 && acked >= total / 5) {
                t20 = nanos;
                n20 = acked;
            }
            if (t80 < 0 && acked >= total * 4 / 5) {
                t80 = nanos;
                n80 = acked;
            }
        }

        double rate() {
            return t20 < 0 || t80 <= t20 ? Double.NaN : (n80 - n20) / ((t80 - t20) / 1e9);
        }
    }

    private static double secondsSince(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
