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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.stratmon.shipper.LogWriter.append;
import static io.stratmon.shipper.LogWriter.appendLines;
import static org.assertj.core.api.Assertions.assertThat;

/** The counters and timings a metrics registry reads: real files, the pipeline on a manual clock, a recording sink. */
class ShipperMetricsTest {
    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock();
    final RecordingSink sink = new RecordingSink();
    final ShipperMetrics metrics = new ShipperMetrics();
    Pipeline pipeline;

    @AfterEach
    void close() throws Exception {
        if (pipeline != null) pipeline.close();
    }

    void start(RowCheck check) throws Exception {
        ShipperConfig c = ShipperConfig.of(List.of(dir.resolve("*.log").toString()), "http://127.0.0.1:1", dir.resolve("state"))
                .withSink(SinkConfig.of("http://127.0.0.1:1").withProtocolVersion(1)).withMetricsInterval(Duration.ZERO);
        Files.createDirectories(c.stateDir());
        pipeline = Shipper.pipeline(c, sink, new InMemoryCheckpointStore(), new DeadLetters(c.stateDir()), metrics, check, clock,
                FileOpener.DEFAULT);
    }

    void rounds(int n) {
        for (int i = 0; i < n; i++) {
            pipeline.runOnce();
            clock.advance(Duration.ofMillis(100));
        }
    }

    @Test
    void dead_letters_are_counted_by_reason_class_never_by_their_text() throws Exception {
        start(row -> row.table().equals("budget") ? Optional.of("too many tables [table=budget]") : Optional.empty());
        appendLines(dir.resolve("app.log"), "t", 0, 3);
        append(dir.resolve("app.log"), "not json\n{\"event\":\"t\",\"seq\":1}\n"
                + "{\"timestamp\":\"2026-11-27T00:00:00Z\",\"event\":\"budget\",\"seq\":2}\n");
        rounds(3);
        assertThat(metrics.linesRead()).isEqualTo(6);
        assertThat(metrics.rowsShipped()).isEqualTo(3);
        assertThat(metrics.deadLettered()).isEqualTo(3);
        assertThat(metrics.deadLettered(ShipperMetrics.ReasonClass.PARSE)).isEqualTo(1);
        assertThat(metrics.deadLettered(ShipperMetrics.ReasonClass.MAPPING)).as("no timestamp").isEqualTo(1);
        assertThat(metrics.deadLettered(ShipperMetrics.ReasonClass.CHECK)).isEqualTo(1);
        assertThat(metrics.deadLettered(ShipperMetrics.ReasonClass.QUESTDB)).isZero();
        assertThat(ShipperMetrics.ReasonClass.values()).extracting(ShipperMetrics.ReasonClass::label)
                .containsExactly("read", "parse", "mapping", "check", "questdb");
    }

    @Test
    void a_row_refused_by_questdb_is_a_questdb_dead_letter() throws Exception {
        start(RowCheck.NONE);
        sink.refuse(line -> line.contains("seq=1.0"));
        appendLines(dir.resolve("app.log"), "t", 0, 3);
        rounds(2);
        assertThat(metrics.deadLettered(ShipperMetrics.ReasonClass.QUESTDB)).isEqualTo(1);
        assertThat(metrics.rowsShipped()).isEqualTo(2);
    }

    @Test
    void the_lag_of_every_acknowledged_row_is_its_own_timestamp_to_the_acknowledgement() throws Exception {
        start(RowCheck.NONE);
        List<Double> lags = new ArrayList<>();
        List<Integer> batches = new ArrayList<>();
        metrics.timings(new ShipperTimings() {
            @Override
            public void batchSent(int rows, long nanos) {
                batches.add(rows);
            }

            @Override
            public void lag(long[] ts, int from, int to, long ack) {
                for (int i = from; i < to; i++) lags.add((ack - ts[i]) / 1e9);
            }
        });
        // LogWriter's lines are timestamped BASE + seq ms; the manual clock says 2026-11-18, before BASE: move it to BASE + 10 s.
        clock.advance(Duration.between(Instant.ofEpochMilli(clock.millis()), LogWriter.BASE.plusSeconds(10)));
        appendLines(dir.resolve("app.log"), "t", 0, 3);
        rounds(1);
        assertThat(batches).containsExactly(3);
        assertThat(lags).containsExactly(10.0, 9.999, 9.998);
        assertThat(metrics.lastLagNanos()).isEqualTo(10_000_000_000L);
    }

    @Test
    void both_threads_tick_while_they_run_so_health_can_tell_a_stuck_one() throws Exception {
        start(RowCheck.NONE);
        long before = clock.nanos();
        rounds(1);
        assertThat(metrics.readerTickNanos()).isEqualTo(before);
        assertThat(metrics.senderTickNanos()).isEqualTo(before);
        rounds(1);
        assertThat(metrics.readerTickNanos()).isGreaterThan(before);
    }
}
