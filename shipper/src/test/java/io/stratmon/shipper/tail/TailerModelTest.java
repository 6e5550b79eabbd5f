package io.stratmon.shipper.tail;

import io.stratmon.shipper.testing.ManualClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tailer against an in-memory model, for random sequences of append / poll / rename-rotate / copytruncate /
 * delete of a drained rotated file / restart (from the last cursors, or from the ones before: a crash between
 * QuestDB's acknowledgement and the checkpoint). After every poll: every line handed out was written, in file order,
 * and a line handed out again has the same {@code _src}/{@code _offset} key (so QuestDB's dedup keeps it once). At the
 * end, after draining, every line written was handed out, except those copytruncate removed before they were read.
 * A failure is shrunk by jqwik to the shortest sequence of actions that still fails.
 */
class TailerModelTest {

    sealed interface Action {}

    record Append(int lines) implements Action {}

    record Poll(int maxLines) implements Action {}

    record Rotate() implements Action {}

    record CopyTruncate() implements Action {}

    record DropDrained() implements Action {}

    record Restart(boolean lostLastCommit) implements Action {}

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(1, 60).map(Append::new)),
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(1, 50).map(Poll::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Rotate())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new CopyTruncate())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new DropDrained())),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(true, false).map(Restart::new)));
        return action.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 200)
    void every_line_is_handed_out_once_per_key_in_order_and_none_is_lost(@ForAll("actions") List<Action> actions) throws Exception {
        Path dir = Files.createTempDirectory("tailer-model");
        try {
            new Run(dir).play(actions);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One sequence of actions against a real directory, checked against the model after every poll. */
    static final class Run {
        final Path dir;
        final Path log;
        final ManualClock clock = new ManualClock();
        final TailOptions options = TailOptions.defaults().withScanInterval(Duration.ofMillis(50))
                .withRotateWait(Duration.ofMillis(200)).withCloseIdleAfter(Duration.ofSeconds(1)).withMaxOpenFiles(2);
        FileTailer tailer;
        List<Cursor> committed = List.of();
        List<Cursor> committedBefore = List.of();
        long written;
        int rotations;
        /** Model: seq → where it was handed out (src:offset); lines copytruncate may have removed unread; per-file last seq. */
        final Map<Long, String> handedOut = new HashMap<>();
        final Set<Long> mayBeLost = new HashSet<>();
        final Map<String, Long> lastSeqBySrc = new HashMap<>();
        final List<Long> inCurrentFile = new ArrayList<>();
        /** Whether the tailer has scanned since the current app.log was created (a file renamed before that is unknown). */
        boolean currentSeen;
        final Map<Path, List<Long>> rotatedLines = new HashMap<>();

        Run(Path dir) {
            this.dir = dir;
            this.log = dir.resolve("app.log");
            start(List.of());
        }

        void start(List<Cursor> cursors) {
            tailer = new FileTailer(List.of(new FileScanner(List.of(log.toString()))), options, cursors, clock, FileOpener.DEFAULT);
            lastSeqBySrc.clear(); // a restart may replay from the committed offset
        }

        void play(List<Action> actions) throws Exception {
            for (Action a : actions) {
                if (a instanceof Append x) append(x.lines());
                else if (a instanceof Poll x) poll(x.maxLines());
                else if (a instanceof Rotate) {
                    if (Files.exists(log)) {
                        Path rotated = dir.resolve("app.log." + (++rotations));
                        Files.move(log, rotated);
                        rotatedLines.put(rotated, new ArrayList<>(inCurrentFile));
                        // Renamed away before any scan saw it: no glob matches it now and no cursor names it.
                        if (!currentSeen) mayBeLost.addAll(inCurrentFile);
                        inCurrentFile.clear();
                        currentSeen = false;
                    }
                } else if (a instanceof CopyTruncate) copytruncate();
                else if (a instanceof DropDrained) dropDrained();
                else if (a instanceof Restart x) {
                    tailer.close();
                    List<Cursor> from = x.lostLastCommit() ? committedBefore : committed;
                    forgetRotatedFilesTheCursorsDoNotName(from);
                    start(from);
                    currentSeen = false; // the new tailer has not scanned yet: app.log renamed now has no cursor
                    if (from.isEmpty()) lastSeqBySrc.clear();
                }
            }
            for (int i = 0; i < 200; i++) poll(1_000); // drain everything, through scans and rotate waits
            tailer.close();
            for (long seq = 0; seq < written; seq++) {
                if (!mayBeLost.contains(seq)) assertThat(handedOut).as("line %d was handed out", seq).containsKey(seq);
            }
        }

        /**
         * A restart finds a rotated file again only through a cursor of the last commit naming it (its identity); a
         * rotated file with no such cursor (never read before the stop) is lost to a glob that matches only app.log.
         */
        void forgetRotatedFilesTheCursorsDoNotName(List<Cursor> from) throws IOException {
            long last = from.stream().mapToLong(Cursor::updatedMillis).max().orElse(0);
            for (Map.Entry<Path, List<Long>> e : rotatedLines.entrySet()) {
                if (!Files.exists(e.getKey())) continue;
                FileId id = FileId.of(e.getKey());
                long fingerprint;
                try (FileChannel ch = FileChannel.open(e.getKey(), StandardOpenOption.READ)) {
                    fingerprint = Fingerprint.of(ch);
                }
                // Identity is inode and first line: a copytruncate since that commit gave the inode another first line.
                if (from.stream().noneMatch(c -> c.id().equals(id) && c.fingerprint() == fingerprint && c.updatedMillis() == last)) {
                    for (long seq : e.getValue()) if (!handedOut.containsKey(seq)) mayBeLost.add(seq);
                }
            }
        }

        void append(int n) throws IOException {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                inCurrentFile.add(written);
                b.append("{\"seq\":").append(written++).append("}\n");
            }
            Files.writeString(log, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }

        void copytruncate() throws IOException {
            if (!Files.exists(log)) return;
            Files.copy(log, dir.resolve("copy-" + (++rotations) + ".bak")); // not matched: unread lines are gone
            try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            for (long seq : inCurrentFile) if (!handedOut.containsKey(seq)) mayBeLost.add(seq);
            inCurrentFile.clear();
        }

        /** Deletes the oldest rotated file once every line in it was handed out (logrotate's {@code rotate N}). */
        void dropDrained() throws IOException {
            for (int k = 1; k <= rotations; k++) {
                Path old = dir.resolve("app.log." + k);
                if (!Files.exists(old)) continue;
                boolean drained = true;
                for (String line : Files.readAllLines(old)) {
                    drained &= handedOut.containsKey(Long.parseLong(line.replaceAll("\\D", "")));
                }
                if (drained) Files.delete(old);
                return;
            }
        }

        void poll(int maxLines) {
            clock.advance(Duration.ofMillis(100)); // more than the scan interval: every poll scans
            if (Files.exists(log)) currentSeen = true;
            Batch batch = tailer.poll(new LineSource.Budget(1 << 20, maxLines));
            assertThat(batch.lines()).isLessThanOrEqualTo(maxLines);
            for (Batch.Item item : batch.items()) {
                Line line = (Line) item;
                String text = new String(line.buffer(), line.start(), line.length(), StandardCharsets.UTF_8);
                long seq = Long.parseLong(text.replaceAll("\\D", ""));
                assertThat(seq).as("a line that was written").isBetween(0L, written - 1);
                String key = line.source().src() + ":" + line.offset();
                String before = handedOut.putIfAbsent(seq, key);
                assertThat(before).as("line %d handed out again under another key", seq).isIn(null, key);
                Long last = lastSeqBySrc.put(line.source().src(), seq);
                if (before == null && last != null) assertThat(seq).as("file order").isGreaterThan(last);
            }
            if (!batch.isEmpty()) {
                // Acknowledged at once: these cursors are committed (the previous set is what a crash would leave).
                committedBefore = committed;
                committed = batch.cursors();
            }
        }
    }
}
