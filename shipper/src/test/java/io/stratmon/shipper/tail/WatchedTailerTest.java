package io.stratmon.shipper.tail;

import io.stratmon.shipper.testing.ManualClock;
import io.stratmon.shipper.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tailer with its directory watch (real inotify, the real clock), and the two ways lines were lost in the busy
 * rename rotation: a file renamed away before the reader looked, and an orphan judged drained by a stale size.
 */
class WatchedTailerTest {
    static final LineSource.Budget ALL = new LineSource.Budget(1 << 20, 100_000);
    static final LineSource.Budget SCAN_ONLY = new LineSource.Budget(0, 0);

    @TempDir
    Path dir;

    FileTailer tailer;
    final List<String> lines = new ArrayList<>();

    @AfterEach
    void close() {
        if (tailer != null) tailer.close();
    }

    FileTailer start(TailOptions options, Clock clock, String glob) {
        tailer = new FileTailer(List.of(new FileScanner(List.of(dir.resolve(glob).toString()))), options, List.of(), clock,
                FileOpener.DEFAULT);
        return tailer;
    }

    List<String> poll(LineSource.Budget budget) {
        List<String> got = new ArrayList<>();
        for (Batch.Item item : tailer.poll(budget).items()) {
            if (item instanceof Line line) got.add(line.text());
        }
        lines.addAll(got);
        return got;
    }

    void write(String name, String... text) throws IOException {
        Files.writeString(dir.resolve(name), String.join("\n", text) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void an_idle_watched_tailer_sleeps_until_a_file_is_written_and_then_reads_it() throws Exception {
        write("app.log", "a1");
        // Scans 10 s apart: only the write's event can end the sleep before its 1 s cap.
        start(TailOptions.defaults().withWatch(true).withScanInterval(Duration.ofSeconds(10)), Clock.SYSTEM, "*.log");
        assertThat(tailer.watching()).isTrue();
        assertThat(poll(ALL)).containsExactly("a1");
        assertThat(poll(ALL)).isEmpty();
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(300); // the writer comes later than the tailer's sleep starts: that is the scenario
                write("app.log", "a2");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long t0 = System.nanoTime();
        writer.start();
        tailer.await(1_000); // pollMillis × 50 would be 50 s: the cap of 1 s, or the write's event, ends it
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        writer.join();
        await().atMost(Duration.ofSeconds(5)).until(() -> !poll(ALL).isEmpty());
        assertThat(lines).containsExactly("a1", "a2");
        assertThat(waitedMs).as("woke by the write's event, not by the 1 s cap").isBetween(250L, 800L);
    }

    @Test
    void a_file_created_and_renamed_out_of_the_glob_before_any_poll_is_still_read() throws Exception {
        start(TailOptions.defaults().withWatch(true), Clock.SYSTEM, "app.log");
        assertThat(poll(ALL)).isEmpty(); // the first scan: nothing there yet
        write("app.log", "r1", "r2");
        Path log = dir.resolve("app.log");
        // The watch thread opens it on its creation event; give it that moment, then rotate it away unseen by a poll.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> openFdTo(log));
        Files.move(log, dir.resolve("app.log.1"));
        write("app.log", "n1");
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            poll(ALL);
            return lines.size() >= 3;
        });
        assertThat(lines).containsExactlyInAnyOrder("r1", "r2", "n1");
    }

    @Test
    void an_orphan_not_read_while_the_sender_pushes_back_is_drained_by_its_size_now() throws Exception {
        ManualClock clock = new ManualClock();
        start(TailOptions.defaults().withScanInterval(Duration.ofMillis(50)).withRotateWait(Duration.ofMillis(300)), clock, "app.log");
        write("app.log", "o1");
        assertThat(poll(ALL)).containsExactly("o1");
        write("app.log", "o2", "o3"); // written after the last read, before the rename
        Files.move(dir.resolve("app.log"), dir.resolve("app.log.1"));
        for (int i = 0; i < 10; i++) { // QuestDB slow: the loop only scans (budget 0) for a second
            clock.advance(Duration.ofMillis(100));
            poll(SCAN_ONLY);
        }
        clock.advance(Duration.ofMillis(100));
        poll(ALL);
        assertThat(lines).containsExactly("o1", "o2", "o3");
    }

    @Test
    void the_safety_scan_doubles_while_it_finds_nothing_and_starts_again_after_a_change() {
        long ms = 1_000_000L;
        ScanSchedule s = new ScanSchedule(500 * ms, 30_000 * ms, true, 0);
        assertThat(s.due(0)).as("the first scan at once").isTrue();
        long now = 0;
        List<Long> gaps = new ArrayList<>();
        s.scanned(now, true);
        for (int i = 0; i < 8; i++) {
            long next = now;
            while (!s.due(next)) next += ms;
            gaps.add((next - now) / ms);
            now = next;
            s.scanned(now, false);
        }
        assertThat(gaps).containsExactly(500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L);
        s.request(); // names changed in a watched directory
        assertThat(s.due(now + 499 * ms)).as("at most one scan per interval").isFalse();
        assertThat(s.due(now + 500 * ms)).isTrue();
        s.scanned(now + 500 * ms, true);
        assertThat(s.millisUntilDue(now + 500 * ms)).isEqualTo(500);
    }

    @Test
    void more_directories_than_the_watch_cap_make_it_poll() throws Exception {
        for (int d = 0; d < 5; d++) Files.createDirectories(dir.resolve("logs/d" + d));
        start(TailOptions.defaults().withWatch(true).withMaxWatchedDirectories(3), Clock.SYSTEM, "logs/**/*.log");
        assertThat(tailer.watching()).isFalse();
        write("logs/d4/x.log", "p1");
        assertThat(poll(ALL)).containsExactly("p1"); // polling: the first scan finds it
    }

    private static boolean openFdTo(Path file) throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file)) return true;
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return false;
    }
}
