package io.stratmon.shipper;

import io.stratmon.shipper.tail.Batch;
import io.stratmon.shipper.tail.FileId;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.FileState;
import io.stratmon.shipper.tail.Fingerprint;
import io.stratmon.shipper.tail.LineSource;
import io.stratmon.shipper.testing.ManualClock;
import io.stratmon.shipper.testing.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Status and heartbeat files, and the metrics rows: their cost follows what changed, not the number of files. */
class ReporterTest {
    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock();
    final ShipperMetrics metrics = new ShipperMetrics();
    final FakeSource source = new FakeSource();
    final RecordingSink sink = new RecordingSink();

    /** Files it knows, and how often {@link #files()} was asked (a snapshot walks every file). */
    final class FakeSource implements LineSource {
        final List<FileState> files = new ArrayList<>();
        long changes;
        int snapshots;
        Duration snapshotTakes = Duration.ZERO; // the clock moves on while a snapshot walks the files

        @Override
        public Batch poll(Budget budget) {
            return Batch.EMPTY;
        }

        @Override
        public List<FileState> files() {
            snapshots++;
            clock.advance(snapshotTakes);
            return files;
        }

        @Override
        public long changes() {
            return changes;
        }

        @Override
        public void close() {}
    }

    Reporter reporter() {
        for (int i = 0; i < 1_000; i++) {
            source.files.add(new FileState(new FileSource(dir.resolve("f" + i), new FileId(1, i), Fingerprint.NOT_YET),
                    dir.resolve("f" + i).toString(), 100, 100, false, false, null));
        }
        return new Reporter(new HealthReport(metrics, "http://127.0.0.1:1", clock), source, sink, clock,
                dir.resolve("status.json"), Duration.ofSeconds(5), 1);
    }

    /** One round of the reading loop every second for {@code seconds}, the sending thread's too. */
    void idle(Reporter reporter, int seconds) {
        for (int i = 0; i < seconds; i++) {
            clock.advance(Duration.ofSeconds(1));
            reporter.publishStatusIfDue();
            reporter.sendMetricsIfDue();
        }
    }

    @Test
    void an_idle_shipper_rewrites_only_its_heartbeat_not_its_status() throws Exception {
        Reporter reporter = reporter();
        reporter.publishStatus();
        long statusWritten = ShipperStatus.read(dir.resolve("status.json")).timeMillis();
        int snapshots = source.snapshots;

        idle(reporter, 60);

        assertThat(source.snapshots).as("snapshots taken while idle").isEqualTo(snapshots);
        assertThat(ShipperStatus.read(dir.resolve("status.json")).timeMillis()).isEqualTo(statusWritten);
        ShipperHeartbeat beat = ShipperHeartbeat.read(dir.resolve(ShipperHeartbeat.FILE));
        assertThat(beat.writtenMillis()).isGreaterThanOrEqualTo(clock.millis() - ShipperHeartbeat.EVERY_MILLIS);
        assertThat(beat.alive(clock.millis())).isTrue();
        assertThat(beat.statusMillis()).isEqualTo(statusWritten);
        assertThat(beat.alive(clock.millis() + ShipperHeartbeat.GRACE_MILLIS + 1)).as("once it stops beating").isFalse();
    }

    @Test
    void a_counter_or_a_file_change_brings_a_new_status() throws Exception {
        Reporter reporter = reporter();
        reporter.publishStatus();
        idle(reporter, 3);
        int snapshots = source.snapshots;

        metrics.linesRead(1, 50);
        idle(reporter, 1);
        assertThat(source.snapshots).isEqualTo(snapshots + 1);
        assertThat(ShipperStatus.read(dir.resolve("status.json")).linesRead()).isEqualTo(1);

        source.changes++; // e.g. a file renamed away, or failing
        idle(reporter, 1);
        assertThat(source.snapshots).isEqualTo(snapshots + 2);

        metrics.retried("Connection refused");
        idle(reporter, 1);
        assertThat(ShipperStatus.read(dir.resolve("status.json")).retrying()).isTrue();
        idle(reporter, 5);
        assertThat(source.snapshots).as("nothing new after that").isEqualTo(snapshots + 3);
    }

    @Test
    void one_slow_snapshot_never_holds_back_the_next_status_more_than_five_seconds() {
        Reporter reporter = reporter();
        source.snapshotTakes = Duration.ofMillis(300); // the first one, cold, on a loaded machine: 100 × that is 30 s
        reporter.publishStatus();
        source.snapshotTakes = Duration.ZERO;
        int snapshots = source.snapshots;
        metrics.linesRead(1, 50);
        idle(reporter, 5);
        assertThat(source.snapshots).as("a change is in the status within 5 s").isEqualTo(snapshots + 1);
        assertThat(reporter.status().linesRead()).isEqualTo(1);
    }

    @Test
    void idle_metrics_sends_carry_the_totals_row_only() {
        Reporter reporter = reporter();
        reporter.publishStatus();
        idle(reporter, 5);
        assertThat(sink.sent()).as("first send: every file, and the totals").hasSize(1_001);

        idle(reporter, 20);
        List<String> later = sink.sent().subList(1_001, sink.sent().size());
        assertThat(later).as("four idle sends").hasSize(4).allMatch(l -> l.contains("file=*"));
    }

    @Test
    void bytes_behind_with_nothing_moving_refresh_the_status_every_five_seconds_not_every_round() {
        Reporter reporter = reporter();
        source.files.set(0, new FileState(source.files.get(0).source(), "partial.jsonl", 50, 100, false, true, null)); // no newline yet
        reporter.publishStatus();
        int snapshots = source.snapshots;
        idle(reporter, 20);
        assertThat(source.snapshots - snapshots).isBetween(3, 5);
        assertThat(reporter.status().bytesBehind()).isEqualTo(50);
    }

    @Test
    void a_clean_stop_leaves_a_heartbeat_that_says_so() {
        Reporter reporter = reporter();
        reporter.publishStatus();
        reporter.stopped();
        ShipperHeartbeat beat = ShipperHeartbeat.read(dir.resolve(ShipperHeartbeat.FILE));
        assertThat(beat.stopped()).isTrue();
        assertThat(beat.alive(clock.millis())).isFalse();
        assertThat(beat.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(Files.exists(dir.resolve(ShipperHeartbeat.FILE + ".tmp"))).isFalse();
    }
}
