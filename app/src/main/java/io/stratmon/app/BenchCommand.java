package io.stratmon.app;

import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;
import io.stratmon.store.EmbeddedQuestDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code stratmon bench}: end-to-end shipping speed. Writes N lines in the reference format, ships them into a fresh
 * embedded QuestDB and times until every row is visible; then times QuestDB ingesting the same rows posted as
 * ready-made ILP over HTTP (the ceiling), and prints both and their ratio.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark: ship N reference-format lines into a fresh embedded QuestDB and compare with raw ILP posts.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--lines", defaultValue = "2000000", description = "Lines to generate. Default: ${DEFAULT-VALUE}.")
    int lines;

    @Option(names = "--dir", description = "Work directory (default: a temp dir, deleted afterwards).")
    Path dir;

    @Option(names = "--dedup", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Ship into dedup tables (the default and the exactly-once setting). Default: ${DEFAULT-VALUE}.")
    boolean dedup;

    @Override
    public Integer call() throws Exception {
        boolean temp = dir == null;
        Path work = temp ? Files.createTempDirectory("stratmon-bench-") : Files.createDirectories(dir);
        try {
            return run(work);
        } finally {
            if (temp) deleteRecursively(work);
        }
    }

    private int run(Path work) throws Exception {
        Path log = work.resolve("bench.jsonl");
        long t0 = System.nanoTime();
        long bytes = writeLines(log, lines);
        System.out.printf("generated %,d lines (%,.1f MB) in %.1f s -> %s%n", lines, bytes / 1e6, secondsSince(t0), log);
        System.out.printf("machine: %d cores, %s, Java %s, GC %s, max heap %d MB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(java.lang.management.GarbageCollectorMXBean::getName).toList(),
                Runtime.getRuntime().maxMemory() >> 20);

        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(work.resolve("questdb")))) {
            SqlClient sql = db.sqlClient();

            long start = System.nanoTime();
            ShipperConfig config = ShipperConfig.of(List.of(log.toString()), db.httpUrl(), work.resolve("state"))
                    .withCredentials(db.credentials().user(), db.credentials().password()).withDedup(dedup).withMetricsInterval(Duration.ZERO);
            double shipSeconds;
            SteadyRate steady = new SteadyRate(lines);
            try (Shipper shipper = Shipper.start(config)) {
                awaitRows(sql, "price_log", lines, () -> {
                    long acked = shipper.metrics().rowsShipped();
                    steady.sample(System.nanoTime(), acked);
                    return acked;
                });
                shipSeconds = secondsSince(start);
            }
            System.out.printf("stratmon ship  (dedup %s): %,10.0f lines/s  %7.1f MB/s  (%.2f s until all %,d rows visible)%n",
                    dedup ? "on" : "off", lines / shipSeconds, bytes / 1e6 / shipSeconds, shipSeconds, lines);
            System.out.printf("  steady state (20%% to 80%% acknowledged, without JIT warm-up and the last WAL apply): %,.0f lines/s%n",
                    steady.rate());

            byte[][] chunks = ilpChunks(log, dedup);
            if (dedup) {
                sql.query("CREATE TABLE price_log_ilp (timestamp TIMESTAMP, _src SYMBOL, _offset LONG) TIMESTAMP(timestamp) "
                        + "PARTITION BY DAY WAL DEDUP UPSERT KEYS(timestamp, _src, _offset)");
            }
            start = System.nanoTime();
            HttpClient http = HttpClient.newHttpClient();
            for (byte[] chunk : chunks) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(db.httpUrl() + "/write?precision=u"))
                        .header("Authorization", db.credentials().basicAuthorization())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(chunk)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 != 2) throw new IllegalStateException("ILP post failed: " + r.statusCode() + " " + r.body());
            }
            awaitRows(sql, "price_log_ilp", lines, () -> -1);
            double ilpSeconds = secondsSince(start);
            System.out.printf("raw ILP/HTTP posts (ceiling): %,10.0f lines/s  (%.2f s)%n", lines / ilpSeconds, ilpSeconds);
            System.out.printf("ratio stratmon / ceiling: %.2f%n", ilpSeconds / shipSeconds);
        }
        return 0;
    }

    /** The reference trader's lines: price_log with a random-walk price, one every 500 µs of log time. */
    static long writeLines(Path file, int n) throws IOException {
        Random random = new Random(1);
        Instant t = Instant.parse("2026-11-27T00:00:00Z");
        double price = 100;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            StringBuilder sb = new StringBuilder(128);
            for (int i = 0; i < n; i++) {
                price *= 1 + random.nextGaussian() * 0.01;
                sb.setLength(0);
                sb.append("{\"timestamp\":\"").append(t.plusNanos(i * 500_000L)).append("\",\"event\":\"price_log\",\"level\":\"INFO\",\"price\":")
                        .append(price).append("}\n");
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return Files.size(file);
    }

    /** The same rows as ILP text, in 8 MB requests (the shipper's own batches are about that size). */
    static byte[][] ilpChunks(Path log, boolean dedup) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(9 << 20);
        Instant t = Instant.parse("2026-11-27T00:00:00Z");
        long micros0 = t.getEpochSecond() * 1_000_000L;
        long offset = 0;
        int i = 0;
        try (Stream<String> stream = Files.lines(log)) {
            for (String line : (Iterable<String>) stream::iterator) {
                int p = line.indexOf("\"price\":") + 8;
                String price = line.substring(p, line.length() - 1);
                String row = "price_log_ilp,level=INFO" + (dedup ? ",_src=0123456789abcdef" : "") + " price=" + price
                        + (dedup ? ",_offset=" + offset + "i" : "") + " " + (micros0 + i * 500L) + "\n";
                chunk.writeBytes(row.getBytes(StandardCharsets.UTF_8));
                offset += line.length() + 1;
                i++;
                if (chunk.size() >= 8 << 20) {
                    chunks.add(chunk.toByteArray());
                    chunk.reset();
                }
            }
        }
        if (chunk.size() > 0) chunks.add(chunk.toByteArray());
        return chunks.toArray(new byte[0][]);
    }

    private static void awaitRows(SqlClient sql, String table, long n, java.util.function.LongSupplier shipped) throws InterruptedException {
        long last = -1;
        long lastPrint = System.nanoTime();
        while (true) {
            long count = -1;
            try {
                count = sql.query("SELECT count() FROM " + table).longValue(0, 0);
            } catch (SqlException e) {
                // not created yet
            }
            long acknowledged = shipped.getAsLong();
            if (count == n) return;
            if (System.nanoTime() - lastPrint > 2_000_000_000L && count != last) {
                System.out.printf("  %s: %,d rows visible%s%n", table, Math.max(0, count),
                        acknowledged >= 0 ? String.format(", %,d acknowledged", acknowledged) : "");
                lastPrint = System.nanoTime();
                last = count;
            }
            Thread.sleep(20);
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
