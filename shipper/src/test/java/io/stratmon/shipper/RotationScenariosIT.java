package io.stratmon.shipper;

import io.stratmon.sql.QueryResult;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
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

import static io.stratmon.shipper.LogWriter.append;
import static io.stratmon.shipper.LogWriter.appendLines;
import static io.stratmon.shipper.LogWriter.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One test per file-handling scenario, each against a real embedded QuestDB: after the scenario, the table holds
 * exactly the lines written (count, distinct and range of {@code seq}), no more, no less.
 */
class RotationScenariosIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    final List<Shipper> shippers = new ArrayList<>();

    @AfterEach
    void stopShippers() {
        shippers.forEach(Shipper::close);
    }

    ShipperConfig config(String... globs) {
        List<String> paths = new ArrayList<>();
        for (String g : globs) paths.add(dir.resolve(g).toString());
        return ShipperConfig.of(paths, questdb.httpUrl(), dir.resolve("state"))
                .withTail(TailConfig.defaults().withScanInterval(Duration.ofMillis(50)).withRotateWait(Duration.ofMillis(300)));
    }

    Shipper start(ShipperConfig config) {
        Shipper s = Shipper.start(config);
        shippers.add(s);
        return s;
    }

    void stop(Shipper s) {
        s.close();
        shippers.remove(s);
    }

    /** The table holds exactly the rows with seq in [from, to), each once. */
    void assertExactly(String table, long from, long to) {
        questdb.awaitRowCount(table, to - from, Duration.ofSeconds(30));
        QueryResult r = questdb.query("SELECT count() count, count_distinct(cast(seq AS long)) count_distinct, min(seq) min, max(seq) max FROM " + table);
        assertThat(r.toTsv()).isEqualTo("count\tcount_distinct\tmin\tmax\n" + (to - from) + "\t" + (to - from) + "\t"
                + (double) from + "\t" + (double) (to - 1) + "\n");
    }

    @Test
    void create_a_file_after_the_shipper_started() {
        start(config("*.log"));
        appendLines(dir.resolve("app.log"), "sc_create", 0, 100);
        assertExactly("sc_create", 0, 100);
    }

    @Test
    void rename_and_create_drains_the_old_file_including_late_lines() throws Exception {
        Path log = dir.resolve("app.log");
        start(config("app.log"));
        appendLines(log, "sc_rename", 0, 100);
        assertExactly("sc_rename", 0, 100);
        Files.move(log, dir.resolve("app.log.1"));
        appendLines(dir.resolve("app.log.1"), "sc_rename", 100, 150); // the writer had not reopened yet
        appendLines(log, "sc_rename", 150, 250);
        assertExactly("sc_rename", 0, 250);
    }

    @Test
    void rename_and_create_while_writing_10000_lines_per_second() throws Exception {
        Path log = dir.resolve("app.log");
        start(config("app.log"));
        int total = 30_000, perFile = 4_000;
        OutputStream out = new FileOutputStream(log.toFile(), true);
        long start = System.nanoTime();
        int rotations = 0;
        for (int seq = 0; seq < total; seq++) {
            out.write(LogWriter.line("sc_busy", seq).getBytes(StandardCharsets.UTF_8));
            if (seq % 100 == 99) {
                out.flush();
                // Pace to 10,000 lines/s: 100 lines every 10 ms.
                long due = start + (seq + 1) * 100_000L;
                while (System.nanoTime() < due) Thread.onSpinWait();
            }
            if (seq % perFile == perFile - 1) {
                // Logback's rolling: close, rename, reopen. Each rotated file keeps its own name.
                out.close();
                Files.move(log, dir.resolve("app.log." + (++rotations)));
                out = new FileOutputStream(log.toFile(), true);
            }
        }
        out.close();
        assertThat(rotations).isEqualTo(7);
        assertExactly("sc_busy", 0, total);
    }

    @Test
    void copytruncate_to_a_smaller_file() throws Exception {
        copytruncate("sc_ct_small", 50);
    }

    @Test
    void copytruncate_to_the_same_size() throws Exception {
        copytruncate("sc_ct_same", 100);
    }

    @Test
    void copytruncate_to_a_larger_file() throws Exception {
        copytruncate("sc_ct_large", 300);
    }

    /** logrotate's copytruncate: copy app.log to app.log.1 (not matched), truncate app.log, the writer goes on. */
    private void copytruncate(String table, int newLines) throws Exception {
        Path log = dir.resolve("app.log");
        start(config("app.log"));
        appendLines(log, table, 100, 200);
        assertExactly(table, 100, 200);
        Files.copy(log, dir.resolve("app.log.1"));
        // Truncate and write again at once (seq 200.. has as many digits as 100..: same size for 100 lines).
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(StandardCharsets.UTF_8.encode(lines(table, 200, 200 + newLines)));
        }
        assertExactly(table, 100, 200 + newLines);
    }

    @Test
    void copytruncate_while_the_shipper_is_down_is_detected_by_the_first_line() throws Exception {
        Path log = dir.resolve("app.log");
        Shipper s = start(config("app.log"));
        appendLines(log, "sc_ct_down", 100, 200);
        assertExactly("sc_ct_down", 100, 200);
        stop(s);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(StandardCharsets.UTF_8.encode(lines("sc_ct_down", 200, 300))); // same size, same inode
        }
        start(config("app.log"));
        assertExactly("sc_ct_down", 100, 300);
    }

    @Test
    void copytruncate_with_the_copy_matched_ships_late_lines_from_the_copy_once() throws Exception {
        Path log = dir.resolve("app.log");
        start(config("app.log*"));
        appendLines(log, "sc_ct_copy", 0, 100);
        assertExactly("sc_ct_copy", 0, 100);
        // Lines the shipper may not have read before the copy: they survive only in app.log.1.
        appendLines(log, "sc_ct_copy", 100, 200);
        Files.copy(log, dir.resolve("app.log.1"));
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        appendLines(log, "sc_ct_copy", 200, 250);
        assertExactly("sc_ct_copy", 0, 250);
    }

    @Test
    void delete_after_appending_still_ships_every_line_of_the_open_file() throws Exception {
        Path log = dir.resolve("app.log");
        Shipper s = start(config("app.log"));
        appendLines(log, "sc_delete", 0, 10);
        assertExactly("sc_delete", 0, 10);
        appendLines(log, "sc_delete", 10, 5_000);
        Files.delete(log);
        assertExactly("sc_delete", 0, 5_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> s.status() != null && s.status().files().isEmpty());
    }

    @Test
    void delete_and_recreate() throws Exception {
        Path log = dir.resolve("app.log");
        start(config("app.log"));
        appendLines(log, "sc_recreate", 0, 100);
        assertExactly("sc_recreate", 0, 100);
        Files.delete(log);
        appendLines(log, "sc_recreate", 100, 200);
        assertExactly("sc_recreate", 0, 200);
    }

    @Test
    void symlink_to_the_current_file_follows_it_when_it_is_retargeted() throws Exception {
        Path link = dir.resolve("current.log");
        Path first = Files.createDirectories(dir.resolve("data")).resolve("app-1.jsonl");
        appendLines(first, "sc_symlink", 0, 100);
        Files.createSymbolicLink(link, first);
        start(config("current.log"));
        assertExactly("sc_symlink", 0, 100);
        Path second = dir.resolve("data/app-2.jsonl");
        appendLines(second, "sc_symlink", 100, 200);
        Path tmp = dir.resolve("current.tmp");
        Files.createSymbolicLink(tmp, second);
        Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        appendLines(first, "sc_symlink", 200, 210); // late lines of the old target still count
        assertExactly("sc_symlink", 0, 210);
    }

    @Test
    void a_partial_line_waits_for_the_rest() throws Exception {
        Path log = dir.resolve("a.log");
        Shipper s = start(config("*.log"));
        appendLines(log, "sc_partial", 0, 10);
        String next = LogWriter.line("sc_partial", 10);
        append(log, next.substring(0, next.length() / 2));
        // Another file proves a full round happened after the half line was written.
        appendLines(dir.resolve("b.log"), "sc_partial_probe", 0, 1);
        questdb.awaitRowCount("sc_partial_probe", 1);
        questdb.awaitRowCount("sc_partial", 10);
        assertThat(s.metrics().deadLettered()).isZero();
        append(log, next.substring(next.length() / 2));
        assertExactly("sc_partial", 0, 11);
        assertThat(s.metrics().deadLettered()).isZero();
    }

    @Test
    void a_line_longer_than_the_limit_is_dead_lettered_and_the_rest_ship() throws Exception {
        Path log = dir.resolve("app.log");
        ShipperConfig config = config("app.log");
        Shipper s = start(config.withTail(config.tail().withMaxLineBytes(1024)));
        appendLines(log, "sc_long", 0, 10);
        append(log, "{\"timestamp\":\"2026-11-27T00:00:00Z\",\"event\":\"sc_long\",\"blob\":\"" + "x".repeat(5000) + "\"}\n");
        appendLines(log, "sc_long", 10, 20);
        assertExactly("sc_long", 0, 20);
        await().until(() -> s.metrics().deadLettered() == 1);
        String dead = Files.readString(dir.resolve("state/dead-letter.jsonl"));
        assertThat(dead).contains("line longer than max_line_bytes", "\"offset\":" + lines("sc_long", 0, 10).length());
    }

    @Test
    void resumes_from_its_checkpoint_after_a_restart_reading_only_new_lines() throws Exception {
        Path log = dir.resolve("app.log");
        Shipper first = start(config("app.log"));
        appendLines(log, "sc_resume", 0, 100);
        assertExactly("sc_resume", 0, 100);
        stop(first);
        appendLines(log, "sc_resume", 100, 200);
        Shipper second = start(config("app.log"));
        assertExactly("sc_resume", 0, 200);
        assertThat(second.metrics().linesRead()).isEqualTo(100);
    }

    @Test
    void read_from_end_skips_what_a_new_file_already_holds() throws Exception {
        Path log = dir.resolve("app.log");
        appendLines(log, "sc_end", 0, 100);
        ShipperConfig config = config("app.log");
        Shipper s = start(config.withTail(config.tail().withReadFrom(TailConfig.ReadFrom.END)));
        await().until(() -> s.status() != null && !s.status().files().isEmpty());
        appendLines(log, "sc_end", 100, 150);
        assertExactly("sc_end", 100, 150);
    }

    @Test
    void compressed_rotated_files_are_skipped() throws Exception {
        Path log = dir.resolve("app.log");
        Shipper s = start(config("app.log*"));
        appendLines(log, "sc_gz", 0, 50);
        assertExactly("sc_gz", 0, 50);
        try (OutputStream gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("app.log.1.gz")))) {
            gz.write(lines("sc_gz", 0, 50).getBytes(StandardCharsets.UTF_8));
        }
        appendLines(log, "sc_gz", 50, 60);
        assertExactly("sc_gz", 0, 60);
        assertThat(s.metrics().deadLettered()).isZero();
    }

    @Test
    void many_files_at_once_written_concurrently() throws Exception {
        start(config("logs/**/*.jsonl"));
        int files = 60, perFile = 500;
        List<Thread> writers = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            Path file = dir.resolve("logs/host-" + (f % 6) + "/app-" + f + ".jsonl");
            Files.createDirectories(file.getParent());
            long from = (long) f * perFile;
            Thread t = new Thread(() -> {
                for (long seq = from; seq < from + perFile; seq += 50) appendLines(file, "sc_many", seq, seq + 50);
            });
            writers.add(t);
            t.start();
        }
        for (Thread t : writers) t.join();
        assertExactly("sc_many", 0, (long) files * perFile);
    }
}
