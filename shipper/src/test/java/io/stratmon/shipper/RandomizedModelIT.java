package io.stratmon.shipper;

import io.stratmon.sql.QueryResult;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A seeded random sequence of append / rename-rotate / copytruncate / delete-or-compress a drained rotated file /
 * shipper restart, against a real directory and a real QuestDB, compared with a model of what must arrive: every
 * line written, exactly once. A failure names its seed; rerun that seed alone to reproduce the sequence.
 */
class RandomizedModelIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    enum Action { APPEND, RENAME_ROTATE, COPYTRUNCATE, DROP_DRAINED, RESTART }

    /** Appends are three times as likely as each other action. */
    static final Action[] WEIGHTED = {Action.APPEND, Action.APPEND, Action.APPEND, Action.RENAME_ROTATE,
            Action.COPYTRUNCATE, Action.DROP_DRAINED, Action.RESTART};

    /** Six seeds in every build; {@code -Dstratmon.model.seeds=N} (the {@code soak} profile: 200) runs N more. */
    static java.util.stream.LongStream seeds() {
        long more = Long.getLong("stratmon.model.seeds", 0);
        return java.util.stream.LongStream.concat(java.util.stream.LongStream.of(1, 2, 3, 4, 20261128, 20261129),
                java.util.stream.LongStream.range(1000, 1000 + more));
    }

    @ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.MethodSource("seeds")
    void random_file_operations_deliver_every_line_exactly_once(long seed) throws Exception {
        String table = "model_" + seed;
        Random random = new Random(seed);
        Path log = dir.resolve("app.log");
        Deque<Path> rotated = new ArrayDeque<>();
        List<String> history = new ArrayList<>();
        long written = 0;
        long firstOfCurrentFile = 0;
        int rotations = 0;
        // Odd seeds match the rotated files too (app.log*), even seeds only app.log: a renamed file is then drained
        // through its open handle, and copytruncate is lossless only if the copy is matched or the file was drained.
        boolean matchRotated = seed % 2 == 1;
        history.add(matchRotated ? "glob app.log*" : "glob app.log");
        ShipperConfig config = ShipperConfig.of(List.of(dir.resolve(matchRotated ? "app.log*" : "app.log").toString()),
                        questdb.httpUrl(), dir.resolve("state")).withCredentials(questdb.username(), questdb.password())
                .withTail(TailConfig.defaults().withScanInterval(Duration.ofMillis(30)).withRotateWait(Duration.ofMillis(200)));
        Shipper shipper = Shipper.start(config);
        try {
          try {
            for (int step = 0; step < 60; step++) {
                Action action = WEIGHTED[random.nextInt(WEIGHTED.length)];
                switch (action) {
                    case APPEND -> {
                        int n = 1 + random.nextInt(400);
                        if (!Files.exists(log)) firstOfCurrentFile = written;
                        LogWriter.appendLines(log, table, written, written + n);
                        written += n;
                        history.add("append " + n);
                    }
                    case RENAME_ROTATE -> {
                        if (!Files.exists(log)) continue;
                        if (!matchRotated && written > firstOfCurrentFile) {
                            // A file renamed before any tailer ever saw it under a matched name cannot be shipped:
                            // wait until the shipper has the current file open (one of its lines arrived).
                            long first = firstOfCurrentFile;
                            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                                    .until(() -> questdb.count(table) > first);
                        }
                        Path to = dir.resolve("app.log." + (++rotations));
                        Files.move(log, to);
                        rotated.add(to);
                        history.add("rename -> " + to.getFileName());
                    }
                    case COPYTRUNCATE -> {
                        if (!Files.exists(log)) continue;
                        if (!matchRotated) questdb.awaitRowCount(table, written, Duration.ofSeconds(30));
                        Path to = dir.resolve("app.log." + (++rotations));
                        Files.copy(log, to);
                        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                            ch.truncate(0);
                        }
                        rotated.add(to);
                        history.add("copytruncate -> " + to.getFileName());
                    }
                    case DROP_DRAINED -> {
                        if (rotated.isEmpty()) continue;
                        // logrotate deletes or compresses a rotated file only once it was drained: wait for that.
                        questdb.awaitRowCount(table, written, Duration.ofSeconds(30));
                        Path old = rotated.poll();
                        if (random.nextBoolean()) {
                            gzip(old);
                            history.add("gzip " + old.getFileName());
                        } else {
                            Files.delete(old);
                            history.add("delete " + old.getFileName());
                        }
                    }
                    case RESTART -> {
                        shipper.close();
                        shipper = Shipper.start(config);
                        history.add("restart");
                    }
                }
            }
            long expected = written;
            questdb.awaitRowCount(table, expected, Duration.ofSeconds(60));
            QueryResult r = questdb.query("SELECT count() n, count_distinct(cast(seq AS long)) d, min(seq) lo, max(seq) hi FROM " + table);
            assertThat(r.toTsv()).isEqualTo("n\td\tlo\thi\n" + expected + "\t" + expected + "\t0.0\t" + (double) (expected - 1) + "\n");
            assertThat(shipper.metrics().deadLettered()).isZero();
          } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " failed after: " + String.join(", ", history), e);
          }
        } finally {
            shipper.close();
        }
    }

    private static void gzip(Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file.resolveSibling(file.getFileName() + ".gz")))) {
            Files.copy(file, out);
        }
        Files.delete(file);
    }
}
