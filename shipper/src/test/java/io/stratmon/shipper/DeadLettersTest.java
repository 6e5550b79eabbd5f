package io.stratmon.shipper;

import io.stratmon.shipper.checkpoint.Checkpoint;
import io.stratmon.shipper.sink.EncodedRows;
import io.stratmon.shipper.sink.RowSink;
import io.stratmon.shipper.tail.FileId;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.testing.InMemoryCheckpointStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLettersTest {
    @TempDir
    Path dir;

    private final FileSource a = new FileSource(Path.of("logs/a.log"), new FileId(1, 10), 0xabcL);

    private Path state() {
        return dir.resolve("state");
    }

    private List<DeadLetterFile.Entry> entries() throws IOException {
        List<DeadLetterFile.Entry> all = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        DeadLetterFile.read(state().resolve(DeadLetterFile.NAME), all::add, bad::add);
        assertThat(bad).as("unreadable lines").isEmpty();
        return all;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_line_dead_lettered_again_after_a_restart_is_not_written_twice() throws IOException {
        DeadLetters before = new DeadLetters(state(), List.of());
        before.add(a, 0, bytes("not json"), "not JSON");
        before.add(a, 9, bytes("also bad"), "not JSON");
        before.flush(); // ...and the process dies before the checkpoint moves past these lines
        DeadLetters after = new DeadLetters(state(), List.of(new Checkpoint(a.id(), a.fingerprint(), "logs/a.log", 0, 0)));
        assertThat(after.add(a, 0, bytes("not json"), "not JSON")).isFalse();
        assertThat(after.add(a, 9, bytes("also bad"), "not JSON")).isFalse();
        assertThat(after.add(a, 18, bytes("new bad"), "not JSON")).isTrue();
        after.close();
        assertThat(entries()).extracting(DeadLetterFile.Entry::offset).containsExactly(0L, 9L, 18L);
        assertThat(entries()).extracting(DeadLetterFile.Entry::src).containsOnly("0000000000000abc");
        assertThat(after.duplicatesSkipped()).isEqualTo(2);
    }

    @Test
    void a_different_line_at_the_same_place_is_kept_a_rewritten_file_is_not_a_replay() throws IOException {
        try (DeadLetters d = new DeadLetters(state())) {
            d.add(a, 0, bytes("first version"), "x");
            assertThat(d.add(a, 0, bytes("second version"), "x")).isTrue();
            assertThat(d.add(a, 0, null, "too long")).isTrue();
            assertThat(d.add(a, 0, null, "too long")).isFalse();
        }
        assertThat(entries()).hasSize(3);
    }

    @Test
    void only_keys_a_replay_can_reach_are_kept_in_memory() {
        try (DeadLetters d = new DeadLetters(state())) {
            for (int i = 0; i < 1000; i++) d.add(a, i * 10L, bytes("bad " + i), "x");
        }
        FileSource gone = new FileSource(Path.of("logs/gone.log"), new FileId(1, 11), 0xdefL);
        try (DeadLetters d = new DeadLetters(state())) {
            d.add(gone, 0, bytes("bad"), "x");
        }
        Checkpoint at900 = new Checkpoint(a.id(), a.fingerprint(), "logs/a.log", 9000, 0);
        DeadLetters reloaded = new DeadLetters(state(), List.of(at900));
        // offsets 9000..9990 of a (100), and the one of a source without a checkpoint (it is read from its start)
        assertThat(reloaded.keys()).isEqualTo(101);
        assertThat(reloaded.add(a, 9990, bytes("bad 999"), "x")).isFalse();
        assertThat(reloaded.add(gone, 0, bytes("bad"), "x")).isFalse();
    }

    private Checkpoint aAt(long offset) {
        return new Checkpoint(a.id(), a.fingerprint(), "logs/a.log", offset, 0);
    }

    @Test
    void a_start_reads_only_past_the_mark_the_last_written_checkpoints_set_and_still_skips_replayed_lines() throws IOException {
        try (DeadLetters d = new DeadLetters(state(), List.of())) {
            for (int i = 0; i < 100; i++) d.add(a, i * 10L, bytes("bad " + i), "x");
            d.flush();
            d.checkpointsWritten(List.of(aAt(500))); // entries 0..49 are now out of any replay's reach
        }
        assertThat(Files.readString(state().resolve(DeadLetterFile.MARK))).endsWith(" " + positionOfEntry(50) + "\n");
        // Even keeping every key it reads, a start reads only what follows the mark.
        assertThat(new DeadLetters(state()).keys()).isEqualTo(50);
        DeadLetters afterCrash = new DeadLetters(state(), List.of(aAt(500)));
        assertThat(afterCrash.add(a, 500, bytes("bad 50"), "x")).isFalse();
        assertThat(afterCrash.add(a, 990, bytes("bad 99"), "x")).isFalse();
        assertThat(afterCrash.add(a, 1000, bytes("bad 100"), "x")).isTrue();
        afterCrash.close();
        assertThat(entries()).hasSize(101);
    }

    @Test
    void a_mark_of_another_file_or_not_at_a_line_start_is_not_trusted() throws IOException {
        try (DeadLetters d = new DeadLetters(state(), List.of())) {
            for (int i = 0; i < 10; i++) d.add(a, i * 10L, bytes("bad " + i), "x");
            d.flush();
            d.checkpointsWritten(List.of(aAt(1000)));
        }
        assertThat(new DeadLetters(state()).keys()).isZero();
        Path file = state().resolve(DeadLetterFile.NAME);
        Path copy = dir.resolve("copy");
        Files.copy(file, copy);
        Files.delete(file);
        Files.move(copy, file); // same content, another inode: the mark is not of this file
        assertThat(new DeadLetters(state()).keys()).isEqualTo(10);
        String mark = Files.readString(state().resolve(DeadLetterFile.MARK)).trim();
        String[] parts = mark.split(" ");
        String identity = String.valueOf(Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        Files.writeString(state().resolve(DeadLetterFile.MARK), identity + " 7\n"); // mid-line
        assertThat(parts).hasSize(2);
        assertThat(new DeadLetters(state()).keys()).isEqualTo(10);
    }

    private long positionOfEntry(int n) throws IOException {
        List<String> lines = Files.readAllLines(state().resolve(DeadLetterFile.NAME));
        long p = 0;
        for (int i = 0; i < n; i++) p += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
        return p;
    }

    @Test
    void a_partial_entry_left_by_a_crash_mid_append_is_dropped_and_the_next_entry_is_whole() throws IOException {
        try (DeadLetters d = new DeadLetters(state())) {
            d.add(a, 0, bytes("one"), "x");
        }
        Files.writeString(state().resolve(DeadLetterFile.NAME), "{\"time\":\"2026-12-01T00:00:00Z\",\"source\":\"logs/a",
                java.nio.file.StandardOpenOption.APPEND);
        try (DeadLetters d = new DeadLetters(state())) {
            d.add(a, 4, bytes("two"), "x");
        }
        assertThat(entries()).extracting(DeadLetterFile.Entry::offset).containsExactly(0L, 4L);
    }

    @Test
    void a_state_dir_that_stops_taking_writes_keeps_the_entries_and_writes_them_once_it_is_back() throws IOException {
        DeadLetters d = new DeadLetters(state());
        d.add(a, 0, bytes("one"), "x");
        d.flush();
        Path away = dir.resolve("away");
        Files.move(state(), away);
        Files.writeString(state(), "a file where the dir was");
        assertThatCode(() -> {
            d.add(a, 4, bytes("two"), "x");
            d.flush();
        }).doesNotThrowAnyException();
        assertThat(d.flushed()).isFalse();
        Files.delete(state());
        Files.move(away, state());
        d.add(a, 8, bytes("three"), "x");
        d.flush();
        assertThat(d.flushed()).isTrue();
        d.close();
        assertThat(entries()).extracting(DeadLetterFile.Entry::offset).containsExactly(0L, 4L, 8L);
    }

    @Test
    void a_dead_letter_file_deleted_while_open_is_created_again_rather_than_written_into_the_void() throws IOException {
        try (DeadLetters d = new DeadLetters(state())) {
            d.add(a, 0, bytes("one"), "x");
            d.flush();
            Files.delete(d.file());
            d.add(a, 4, bytes("two"), "x");
            d.flush();
        }
        assertThat(entries()).extracting(DeadLetterFile.Entry::offset).containsExactly(4L);
    }

    @Test
    void a_line_that_is_not_utf8_round_trips_through_base64() throws IOException {
        byte[] raw = {'{', (byte) 0xff, (byte) 0xfe, '}'};
        try (DeadLetters d = new DeadLetters(state())) {
            d.add(a, 0, raw, "not UTF-8");
        }
        assertThat(Files.readString(state().resolve(DeadLetterFile.NAME))).contains("\"line_base64\":\"e//+fQ==\"");
        assertThat(entries().get(0).line()).isEqualTo(raw);
        assertThat(new DeadLetters(state()).add(a, 0, raw, "again")).isFalse();
    }

    /** The real pipeline, crashing between the dead letters and the checkpoint, then started again. */
    @Test
    void the_pipeline_replaying_after_a_crash_before_its_checkpoint_writes_each_dead_letter_once() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "not json 1\nnot json 2\n{\"event\":\"no timestamp\"}\n");
        ShipperConfig config = ShipperConfig.of(List.of(log.toString()), "http://127.0.0.1:1", state())
                .withMetricsInterval(Duration.ZERO);
        InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore().crashOnNextCommit();
        try (Pipeline crashing = Shipper.pipeline(config, new NoRows(), checkpoints, new DeadLetters(state(), checkpoints.load()),
                new ShipperMetrics(), io.stratmon.shipper.mapping.RowCheck.NONE, io.stratmon.shipper.time.Clock.SYSTEM,
                io.stratmon.shipper.tail.FileOpener.DEFAULT)) {
            assertThatThrownBy(crashing::runOnce).isInstanceOf(InMemoryCheckpointStore.Crash.class);
        }
        assertThat(entries()).hasSize(3);
        try (Pipeline again = Shipper.pipeline(config, new NoRows(), checkpoints, new DeadLetters(state(), checkpoints.load()),
                new ShipperMetrics(), io.stratmon.shipper.mapping.RowCheck.NONE, io.stratmon.shipper.time.Clock.SYSTEM,
                io.stratmon.shipper.tail.FileOpener.DEFAULT)) {
            while (again.runOnce() > 0) {
                // until every line was read again
            }
        }
        assertThat(checkpoints.committed()).extracting(Checkpoint::offset).containsExactly(Files.size(log));
        assertThat(entries()).extracting(DeadLetterFile.Entry::offset).containsExactly(0L, 11L, 22L);
    }

    /** A sink that must not be reached: every line of these tests is dead-lettered before sending. */
    private static final class NoRows implements RowSink {
        @Override
        public void send(EncodedRows rows, int from, int to) {
            throw new AssertionError("no row expected, got " + (to - from));
        }

        @Override
        public void close() {
        }
    }
}
