package io.stratmon.shipper;

import io.stratmon.shipper.mapping.RowCheck;
import io.stratmon.shipper.sink.SinkConfig;
import io.stratmon.shipper.tail.FileOpener;
import io.stratmon.shipper.testing.InMemoryCheckpointStore;
import io.stratmon.shipper.testing.ManualClock;
import io.stratmon.shipper.testing.RecordingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static io.stratmon.shipper.LogWriter.append;
import static io.stratmon.shipper.LogWriter.appendLines;
import static io.stratmon.shipper.LogWriter.lines;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per file-handling scenario, in milliseconds: real files in a temp dir, the pipeline driven round by round
 * on a manual clock, a recording sink that stores rows as QuestDB with dedup would, an in-memory checkpoint store.
 * After each scenario the sink holds exactly the lines written (each {@code seq} once), no more, no less.
 * {@code RotationScenariosIT} runs a few of them against a real QuestDB.
 */
class RotationScenariosTest {
    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock();
    final RecordingSink sink = new RecordingSink();
    final InMemoryCheckpointStore store = new InMemoryCheckpointStore();
    ShipperConfig config;
    ShipperMetrics metrics;
    Pipeline pipeline;

    @AfterEach
    void close() throws Exception {
        if (pipeline != null) pipeline.close();
    }

    ShipperConfig config(String... globs) {
        List<String> paths = new ArrayList<>();
        for (String g : globs) paths.add(dir.resolve(g).toString());
        return ShipperConfig.of(paths, "http://127.0.0.1:1", dir.resolve("state"))
                .withSink(SinkConfig.of("http://127.0.0.1:1").withProtocolVersion(1)).withMetricsInterval(Duration.ZERO)
                .withTail(TailConfig.defaults().withScanInterval(Duration.ofMillis(50)).withRotateWait(Duration.ofMillis(300)));
    }

    void start(ShipperConfig c) throws Exception {
        if (pipeline != null) pipeline.close();
        config = c;
        metrics = new ShipperMetrics();
        Files.createDirectories(c.stateDir());
        pipeline = Shipper.pipeline(c, sink, store, new DeadLetters(c.stateDir()), metrics, RowCheck.NONE, clock, FileOpener.DEFAULT);
    }

    void restart() throws Exception {
        start(config);
    }

    /** Rounds of 100 ms (each one scans) until six in a row read nothing: every file drained, orphans closed. */
    void settle() {
        int quiet = 0;
        for (int round = 0; round < 5_000 && quiet < 6; round++) {
            int n = pipeline.runOnce();
            quiet = n == 0 ? quiet + 1 : 0;
            clock.advance(Duration.ofMillis(100));
        }
    }

    void assertExactly(String table, long from, long to) {
        settle();
        assertThat(sink.seqs(table)).containsExactlyElementsOf(LongStream.range(from, to).boxed().toList());
    }

    @Test
    void create_a_file_after_the_shipper_started() throws Exception {
        start(config("*.log"));
        settle();
        appendLines(dir.resolve("app.log"), "t", 0, 100);
        assertExactly("t", 0, 100);
    }

    @Test
    void rename_and_create_drains_the_old_file_including_late_lines() throws Exception {
        Path log = dir.resolve("app.log");
        start(config("app.log"));
        appendLines(log, "t", 0, 100);
        assertExactly("t", 0, 100);
        Files.move(log, dir.resolve("app.log.1"));
        appendLines(dir.resolve("app.log.1"), "t", 100, 150); // the writer had not reopened yet
        appendLines(log, "t", 150, 250);
        assertExactly("t", 0, 250);
    }

    @Test
    void copytruncate_to_a_smaller_file() throws Exception {
        copytruncate(50);
    }

    @Test
    void copytruncate_to_the_same_size() throws Exception {
        copytruncate(100);
    }

    @Test
    void copytruncate_to_a_larger_file() throws Exception {
        copytruncate(300);
    }

    /** logrotate's copytruncate: copy app.log to app.log.1 (not matched), truncate app.log, the writer goes on. */
    private void copytruncate(int newLines) throws Exception {
        Path log = dir.resolve("app.log");
        start(config("app.log"));
        appendLines(log, "t", 100, 200);
        assertExactly("t", 100, 200);
        Files.copy(log, dir.resolve("app.log.1"));
        // seq 200.. has as many digits as 100..: the same size for 100 lines.
        rewrite(log, lines("t", 200, 200 + newLines));
        assertExactly("t", 100, 200 + newLines);
    }

    private static void rewrite(Path log, String text) throws Exception {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(StandardCharsets.UTF_8.encode(text));
        }
    }

    @Test
    void copytruncate_while_the_shipper_is_down_is_detected_by_the_first_line() throws Exception {
        Path log = dir.resolve("app.log");
        start(config("app.log"));
        appendLines(log, "t", 100, 200);
        assertExactly("t", 100, 200);
        pipeline.close();
        rewrite(log, lines("t", 200, 300)); // same size, same inode
        restart();
        assertExactly("t", 100, 300);
    }

    @Test
    void copytruncate_with_the_copy_matched_ships_late_lines_from_the_copy_once() throws Exception {
        Path log = dir.resolve("app.log");
        start(config("app.log*"));
        appendLines(log, "t", 0, 100);
        assertExactly("t", 0, 100);
        appendLines(log, "t", 100, 200); // not read before the copy: they survive only in app.log.1
        Files.copy(log, dir.resolve("app.log.1"));
        rewrite(log, "");
        appendLines(log, "t", 200, 250);
        assertExactly("t", 0, 250);
    }

    @Test
    void delete_after_appending_still_ships_every_line_of_the_open_file() throws Exception {
        Path log = dir.resolve("app.log");
        start(config("app.log"));
        appendLines(log, "t", 0, 10);
        assertExactly("t", 0, 10);
        appendLines(log, "t", 10, 5_000);
        Files.delete(log);
        assertExactly("t", 0, 5_000);
        assertThat(pipeline.status().files()).isEmpty();
    }

    @Test
    void delete_and_recreate() throws Exception {
        Path log = dir.resolve("app.log");
        start(config("app.log"));
        appendLines(log, "t", 0, 100);
        assertExactly("t", 0, 100);
        Files.delete(log);
        appendLines(log, "t", 100, 200);
        assertExactly("t", 0, 200);
    }

    @Test
    void symlink_to_the_current_file_follows_it_when_it_is_retargeted() throws Exception {
        Path link = dir.resolve("current.log");
        Path first = Files.createDirectories(dir.resolve("data")).resolve("app-1.jsonl");
        appendLines(first, "t", 0, 100);
        Files.createSymbolicLink(link, first);
        start(config("current.log"));
        assertExactly("t", 0, 100);
        Path second = dir.resolve("data/app-2.jsonl");
        appendLines(second, "t", 100, 200);
        Path tmp = dir.resolve("current.tmp");
        Files.createSymbolicLink(tmp, second);
        Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        appendLines(first, "t", 200, 210); // late lines of the old target still count
        assertExactly("t", 0, 210);
    }

    @Test
    void a_partial_line_waits_for_the_rest() throws Exception {
        Path log = dir.resolve("a.log");
        start(config("*.log"));
        appendLines(log, "t", 0, 10);
        String next = LogWriter.line("t", 10);
        append(log, next.substring(0, next.length() / 2));
        assertExactly("t", 0, 10);
        assertThat(metrics.deadLettered()).isZero();
        append(log, next.substring(next.length() / 2));
        assertExactly("t", 0, 11);
        assertThat(metrics.deadLettered()).isZero();
    }

    @Test
    void a_line_longer_than_the_limit_is_dead_lettered_and_the_rest_ship() throws Exception {
        Path log = dir.resolve("app.log");
        ShipperConfig c = config("app.log");
        start(c.withTail(c.tail().withMaxLineBytes(1024)));
        appendLines(log, "t", 0, 10);
        append(log, "{\"timestamp\":\"2026-11-27T00:00:00Z\",\"event\":\"t\",\"blob\":\"" + "x".repeat(5000) + "\"}\n");
        appendLines(log, "t", 10, 20);
        assertExactly("t", 0, 20);
        assertThat(metrics.deadLettered()).isEqualTo(1);
        String dead = Files.readString(dir.resolve("state/dead-letter.jsonl"));
        assertThat(dead).contains("line longer than max_line_bytes", "\"offset\":" + lines("t", 0, 10).length());
    }

    @Test
    void resumes_from_its_checkpoint_after_a_restart_reading_only_new_lines() throws Exception {
        Path log = dir.resolve("app.log");
        start(config("app.log"));
        appendLines(log, "t", 0, 100);
        assertExactly("t", 0, 100);
        pipeline.close();
        appendLines(log, "t", 100, 200);
        restart();
        assertExactly("t", 0, 200);
        assertThat(metrics.linesRead()).isEqualTo(100);
        assertThat(sink.sent()).hasSize(200);
    }

    @Test
    void read_from_end_skips_what_a_new_file_already_holds() throws Exception {
        Path log = dir.resolve("app.log");
        appendLines(log, "t", 0, 100);
        ShipperConfig c = config("app.log");
        start(c.withTail(c.tail().withReadFrom(TailConfig.ReadFrom.END)));
        settle();
        appendLines(log, "t", 100, 150);
        assertExactly("t", 100, 150);
    }

    @Test
    void compressed_rotated_files_are_skipped() throws Exception {
        Path log = dir.resolve("app.log");
        start(config("app.log*"));
        appendLines(log, "t", 0, 50);
        assertExactly("t", 0, 50);
        try (OutputStream gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("app.log.1.gz")))) {
            gz.write(lines("t", 0, 50).getBytes(StandardCharsets.UTF_8));
        }
        appendLines(log, "t", 50, 60);
        assertExactly("t", 0, 60);
        assertThat(metrics.deadLettered()).isZero();
    }

    @Test
    void many_files_in_nested_directories() throws Exception {
        start(config("logs/**/*.jsonl"));
        int files = 60, perFile = 500;
        for (int f = 0; f < files; f++) {
            Path file = dir.resolve("logs/host-" + (f % 6) + "/app-" + f + ".jsonl");
            Files.createDirectories(file.getParent());
            appendLines(file, "t", (long) f * perFile, (long) f * perFile + perFile);
        }
        assertExactly("t", 0, (long) files * perFile);
    }

    @Test
    void a_row_questdb_refuses_is_dead_lettered_alone_and_the_others_ship() throws Exception {
        Path log = dir.resolve("app.log");
        start(config("app.log"));
        sink.refuse(line -> line.contains("seq=42.0"));
        appendLines(log, "t", 0, 100);
        settle();
        assertThat(sink.seqs("t")).hasSize(99).doesNotContain(42L);
        assertThat(Files.readString(dir.resolve("state/dead-letter.jsonl"))).contains("rejected by QuestDB", "\\\"seq\\\":42");
    }
}
