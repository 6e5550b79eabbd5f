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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.stratmon.shipper.LogWriter.appendLines;
import static io.stratmon.shipper.LogWriter.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A few file-handling scenarios against a real embedded QuestDB (the rest, and these, run in milliseconds as
 * {@code RotationScenariosTest}): after the scenario, the table holds exactly the lines written (count, distinct and
 * range of {@code seq}), no more, no less. These keep the real thing honest: real time, real HTTP, real dedup.
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
        return ShipperConfig.of(paths, questdb.httpUrl(), dir.resolve("state")).withCredentials(questdb.username(), questdb.password())
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
    void copytruncate_to_the_same_size() throws Exception {
        copytruncate("sc_ct_same", 100);
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
        // Forgotten once drained and quiet for rotate_wait, and shown at the next snapshot, which a slow last one can
        // put off for up to 5 s (Reporter): 30 s leaves room for a loaded CI machine (10 s timed out once under -T 2).
        await().atMost(Duration.ofSeconds(30)).until(() -> s.status() != null && s.status().files().isEmpty());
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
}
