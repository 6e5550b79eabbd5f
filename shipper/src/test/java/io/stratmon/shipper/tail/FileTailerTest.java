package io.stratmon.shipper.tail;

import io.stratmon.shipper.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The tailer on its own (no pipeline): bad files, file descriptors, rewrites. Real files, a manual clock. */
class FileTailerTest {
    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock();
    TailOptions options = TailOptions.defaults().withScanInterval(Duration.ofMillis(50));
    FileTailer tailer;
    final List<String> lines = new ArrayList<>();

    @AfterEach
    void close() {
        if (tailer != null) tailer.close();
    }

    FileTailer start(FileOpener opener, String glob) {
        tailer = new FileTailer(List.of(new FileScanner(List.of(dir.resolve(glob).toString()))), options, List.of(), clock, opener);
        return tailer;
    }

    /** One poll after 100 ms (so it scans); returns the lines it handed out. */
    List<String> poll() {
        clock.advance(Duration.ofMillis(100));
        List<String> got = new ArrayList<>();
        for (Batch.Item item : tailer.poll(new LineSource.Budget(1 << 20, 100_000)).items()) {
            if (item instanceof Line line) got.add(line.text());
        }
        lines.addAll(got);
        return got;
    }

    void write(String name, String... text) throws IOException {
        Files.writeString(dir.resolve(name), String.join("\n", text) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void a_file_that_cannot_be_opened_is_retried_with_backoff_while_the_others_ship() throws Exception {
        AtomicInteger refusals = new AtomicInteger();
        List<Long> attempts = new ArrayList<>();
        FileOpener deniedFiveTimes = path -> {
            if (path.getFileName().toString().equals("bad.log")) {
                attempts.add(clock.nanos() / 1_000_000);
                if (refusals.incrementAndGet() <= 5) throw new AccessDeniedException(path.toString());
            }
            return FileOpener.DEFAULT.open(path);
        };
        write("bad.log", "b1");
        write("good.log", "g1");
        start(deniedFiveTimes, "*.log");
        assertThat(poll()).containsExactly("g1");
        assertThat(tailer.files()).anySatisfy(f -> {
            assertThat(f.path()).endsWith("bad.log");
            assertThat(f.error()).contains("AccessDeniedException");
        });
        for (int i = 0; i < 400 && !lines.contains("b1"); i++) {
            if (i == 10) write("good.log", "g2"); // the other file keeps shipping meanwhile
            poll();
        }
        assertThat(lines).contains("g2", "b1");
        // Tried again after 1, 2, 4, 8 and 16 s (each attempt within a scan of 100 ms after it is due).
        List<Long> waits = new ArrayList<>();
        for (int i = 1; i < attempts.size(); i++) waits.add(attempts.get(i) - attempts.get(i - 1));
        assertThat(waits).hasSize(5);
        long[] expected = {1000, 2000, 4000, 8000, 16000};
        for (int i = 0; i < 5; i++) assertThat(waits.get(i)).isBetween(expected[i], expected[i] + 100);
        assertThat(tailer.files()).allSatisfy(f -> assertThat(f.error()).isNull());
    }

    @Test
    void a_deleted_file_once_drained_and_closed_counts_as_a_change_so_the_status_drops_it() throws Exception {
        write("app.log", "a1", "a2");
        start(FileOpener.DEFAULT, "*.log");
        assertThat(poll()).containsExactly("a1", "a2");
        Files.delete(dir.resolve("app.log"));
        long before = tailer.changes();
        for (int i = 0; i < 100 && !tailer.files().isEmpty(); i++) poll(); // rotate_wait passes on the manual clock
        assertThat(tailer.files()).isEmpty();
        // Reporter takes a new snapshot only when changes() (or a counter) moves: leaving the list must move it,
        // also after the "draining" change was already shown.
        long drained = tailer.changes();
        assertThat(drained).isGreaterThan(before);
        assertThat(drained - before).as("draining, then closed").isGreaterThanOrEqualTo(2);
    }

    @Test
    void a_real_read_error_on_one_file_does_not_stop_the_others() throws Exception {
        // Reading /proc/self/mem at offset 0 fails with EIO, even as root: a real I/O error from the kernel.
        Files.createSymbolicLink(dir.resolve("eio.log"), Path.of("/proc/self/mem"));
        write("good.log", "g1");
        start(FileOpener.DEFAULT, "*.log");
        assertThat(poll()).containsExactly("g1");
        write("good.log", "g2");
        for (int i = 0; i < 30; i++) poll();
        assertThat(lines).containsExactly("g1", "g2");
        assertThat(tailer.files()).anySatisfy(f -> {
            assertThat(f.path()).endsWith("eio.log");
            assertThat(f.error()).contains("IOException");
        });
    }

    @Test
    void a_file_removed_between_the_scan_and_the_open_is_skipped_quietly() throws Exception {
        write("gone.log", "x");
        write("good.log", "g1");
        FileOpener removesFirst = path -> {
            if (path.getFileName().toString().equals("gone.log")) Files.deleteIfExists(path);
            return FileOpener.DEFAULT.open(path);
        };
        start(removesFirst, "*.log");
        assertThat(poll()).containsExactly("g1");
        assertThat(tailer.files()).extracting(FileState::path).noneMatch(p -> p.endsWith("gone.log"));
    }

    @Test
    void no_more_than_max_open_files_are_open_and_every_file_still_ships() throws Exception {
        options = options.withMaxOpenFiles(5);
        for (int i = 0; i < 50; i++) write("f" + i + ".log", "a" + i, "b" + i);
        start(FileOpener.DEFAULT, "*.log");
        for (int round = 0; round < 100 && lines.size() < 100; round++) {
            poll();
            assertThat(tailer.openFiles()).isLessThanOrEqualTo(5);
        }
        assertThat(lines).hasSize(100);
        for (int i = 0; i < 50; i++) write("f" + i + ".log", "c" + i); // closed files are reopened when they grow
        for (int round = 0; round < 100 && lines.size() < 150; round++) {
            poll();
            assertThat(tailer.openFiles()).isLessThanOrEqualTo(5);
        }
        assertThat(lines).hasSize(150).doesNotHaveDuplicates();
    }

    @Test
    void a_drained_idle_file_is_closed_and_reopened_by_identity_when_it_grows() throws Exception {
        options = options.withCloseIdleAfter(Duration.ofSeconds(1));
        write("app.log", "one");
        start(FileOpener.DEFAULT, "app.log");
        assertThat(poll()).containsExactly("one");
        for (int i = 0; i < 15; i++) poll();
        assertThat(tailer.openFiles()).isZero();
        write("app.log", "two");
        poll();
        assertThat(lines).containsExactly("one", "two");
        assertThat(tailer.openFiles()).isEqualTo(1);
    }

    @Test
    void a_rewrite_that_keeps_the_first_line_and_grows_past_the_old_size_is_read_again_from_the_start() throws Exception {
        write("app.log", "{\"first\":1}", "{\"old\":2}");
        start(FileOpener.DEFAULT, "app.log");
        assertThat(poll()).containsExactly("{\"first\":1}", "{\"old\":2}");
        // Truncated and written again between two looks: the same first line, then longer content.
        try (FileChannel ch = FileChannel.open(dir.resolve("app.log"), StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(StandardCharsets.UTF_8.encode("{\"first\":1}\n{\"new\":22222}\n{\"new\":3}\n"));
        }
        assertThat(poll()).containsExactly("{\"first\":1}", "{\"new\":22222}", "{\"new\":3}");
    }
}
