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
 * A directory whose files keep growing is read on a timer with its write events muted (real inotify): nothing written
 * meanwhile is missed, not even in an idle sibling, and the events come back once its files are quiet.
 */
class StreamingDirsTest {
    static final LineSource.Budget ALL = new LineSource.Budget(1 << 20, 100_000);
    /** No scan during a test: only the watch, the timer and the size checks can find new lines. */
    static final TailOptions WATCHED = TailOptions.defaults().withWatch(true).withScanInterval(Duration.ofMinutes(10));

    @TempDir
    Path dir;

    FileTailer tailer;
    final List<String> lines = new ArrayList<>();

    @AfterEach
    void close() {
        if (tailer != null) tailer.close();
    }

    void start(Clock clock) {
        tailer = new FileTailer(List.of(new FileScanner(List.of(dir.resolve("*.log").toString()))), WATCHED, List.of(), clock,
                FileOpener.DEFAULT);
        assertThat(tailer.watching()).isTrue();
    }

    List<String> poll() {
        List<String> got = new ArrayList<>();
        for (Batch.Item item : tailer.poll(ALL).items()) {
            if (item instanceof Line line) got.add(line.text());
        }
        lines.addAll(got);
        return got;
    }

    void write(String name, String... text) throws IOException {
        Files.writeString(dir.resolve(name), String.join("\n", text) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void a_file_read_twice_within_two_linger_windows_has_its_directory_muted_and_a_lone_write_does_not() throws Exception {
        ManualClock clock = new ManualClock();
        write("app.log", "a1");
        start(clock);
        assertThat(poll()).containsExactly("a1");
        clock.advance(Duration.ofMillis(50)); // a trickle: lines 50 ms apart keep their events
        write("app.log", "a2");
        assertThat(poll()).containsExactly("a2");
        assertThat(tailer.mutedDirectories()).isZero();
        clock.advance(Duration.ofMillis(5)); // lines again one linger window later: it keeps growing
        write("app.log", "a3");
        assertThat(poll()).containsExactly("a3");
        assertThat(tailer.mutedDirectories()).isEqualTo(1);
    }

    @Test
    void a_file_written_more_than_once_between_two_reads_far_apart_has_its_directory_muted() throws Exception {
        ManualClock clock = new ManualClock();
        write("app.log", "w0");
        start(clock);
        assertThat(poll()).containsExactly("w0");
        clock.advance(Duration.ofMillis(50)); // a reader held up by a busy sender: reads far apart
        for (int i = 1; i <= 3; i++) write("app.log", "w" + i); // three writes, three events
        write("sync.log", "s"); // its creation comes after them: once the watch opened it, the three are counted
        Path sync = dir.resolve("sync.log");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> openFdTo(sync));
        // The watch thread opens sync.log a moment before it hands it over: on a loaded machine a poll can come
        // between the two, so poll until its line is read (the manual clock stands still: nothing unmutes meanwhile).
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> {
            poll();
            return lines.contains("s");
        });
        assertThat(lines).containsExactlyInAnyOrder("w0", "w1", "w2", "w3", "s");
        assertThat(tailer.mutedDirectories()).isEqualTo(1);
    }

    @Test
    void while_muted_every_write_is_read_on_the_next_tick_and_the_sleep_is_one_linger_window() throws Exception {
        write("app.log", "m0");
        start(Clock.SYSTEM);
        poll();
        for (int i = 1; i <= 20; i++) {
            write("app.log", "m" + i);
            tailer.linger(LineSource.LINGER.toMillis());
            poll();
        }
        assertThat(tailer.mutedDirectories()).isEqualTo(1);
        long t0 = System.nanoTime();
        tailer.await(1_000); // nothing written: a muted directory's timer, not the 1 s cap, ends it
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(500);
        write("app.log", "m21");
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("m21") || !poll().isEmpty());
        assertThat(lines).hasSize(22).startsWith("m0", "m1").endsWith("m21");
    }

    @Test
    void a_write_to_an_idle_file_beside_a_muted_one_is_read_on_the_next_tick() throws Exception {
        ManualClock clock = new ManualClock();
        write("idle.log", "i1");
        write("busy.log", "b0");
        start(clock);
        assertThat(poll()).containsExactlyInAnyOrder("i1", "b0");
        // busy.log keeps growing for longer than a file stays hot, so idle.log is no longer read on every poll.
        for (long ms = 4; ms <= HotFiles.HOT_NANOS / 1_000_000 + 1_000; ms += 4) {
            clock.advance(Duration.ofMillis(4));
            write("busy.log", "b");
            poll();
        }
        assertThat(tailer.mutedDirectories()).isEqualTo(1);
        write("idle.log", "i2"); // muted: no event for it
        clock.advance(Duration.ofMillis(4));
        write("busy.log", "b");
        assertThat(poll()).contains("i2");
    }

    @Test
    void once_its_files_are_quiet_a_directory_gets_its_events_back_after_one_more_poll() throws Exception {
        write("app.log", "q0");
        start(Clock.SYSTEM);
        poll();
        for (int i = 1; i <= 5; i++) {
            write("app.log", "q" + i);
            tailer.linger(LineSource.LINGER.toMillis());
            poll();
        }
        assertThat(tailer.mutedDirectories()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            poll();
            return tailer.mutedDirectories() == 0;
        });
        tailer.await(1_000); // the unmute asked for one more poll: returns at once
        assertThat(poll()).isEmpty();
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(300);
                write("app.log", "q6");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long t0 = System.nanoTime();
        writer.start();
        tailer.await(1_000); // the write's event ends it: the events are back
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        writer.join();
        assertThat(waitedMs).as("woke by the write's event, not by the 1 s cap").isBetween(250L, 900L);
        await().atMost(Duration.ofSeconds(5)).until(() -> !poll().isEmpty());
        assertThat(lines).endsWith("q5", "q6");
    }

    @Test
    void a_directory_of_more_files_than_a_tick_would_check_keeps_its_write_events() throws Exception {
        ManualClock clock = new ManualClock();
        for (int i = 0; i <= StreamingDirs.MAX_FILES; i++) write("f" + i + ".log", "x" + i);
        start(clock);
        assertThat(poll()).hasSize(StreamingDirs.MAX_FILES + 1);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMillis(5));
            write("f0.log", "y" + i);
            assertThat(poll()).containsExactly("y" + i);
        }
        assertThat(tailer.mutedDirectories()).isZero();
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
