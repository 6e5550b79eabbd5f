package io.stratmon.shipper;

import io.stratmon.shipper.tail.FileId;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.FileState;
import io.stratmon.shipper.tail.Fingerprint;
import io.stratmon.shipper.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Seconds behind, from the sizes the snapshots saw: one snapshot a second, sizes and offsets in bytes. */
class FileLagTest {
    static final long SECOND = 1_000_000_000L;
    final FileLag lag = new FileLag();

    @Test
    void a_file_written_steadily_and_shipped_as_it_grows_stays_near_zero_however_long_it_runs() {
        // 1,000 bytes a second; every snapshot finds the last 300 still in flight, as at a trickle.
        double worst = 0;
        for (int s = 1; s <= 600; s++) {
            long size = s * 1_000L;
            worst = Math.max(worst, lag.secondsBehind(s * SECOND, size, size - 300));
        }
        assertThat(worst).isLessThanOrEqualTo(1.0);
    }

    @Test
    void the_status_of_a_file_written_and_shipped_steadily_for_ten_minutes_says_it_is_not_behind() {
        // What the demo showed: at 20 lines/s its ShipperLag alert fired after 30 s and never resolved.
        ManualClock clock = new ManualClock();
        HealthReport health = new HealthReport(new ShipperMetrics(), "http://127.0.0.1:1", clock);
        FileSource source = new FileSource(Path.of("/logs/app.jsonl"), new FileId(1, 1), Fingerprint.NOT_YET);
        ShipperStatus status = null;
        for (int s = 1; s <= 600; s++) {
            clock.advance(Duration.ofSeconds(1));
            status = health.snapshot(List.of(new FileState(source, "/logs/app.jsonl", s * 1_000L - 300, s * 1_000L, false, true, null)));
        }
        assertThat(status.bytesBehind()).isEqualTo(300);
        assertThat(status.secondsBehind()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void a_file_the_shipper_does_not_keep_up_with_counts_from_its_oldest_unshipped_bytes() {
        assertThat(lag.secondsBehind(0, 1_000, 1_000)).isZero();
        // Acknowledged offsets stop at 1,000 while the file grows: behind since the first snapshot that saw more.
        for (int s = 1; s <= 30; s++) lag.secondsBehind(s * SECOND, 1_000 + s * 500L, 1_000);
        assertThat(lag.secondsBehind(31 * SECOND, 20_000, 1_000)).isCloseTo(30.0, within(1e-9));
        // It ships what was seen in the first 10 s: the oldest unshipped bytes are then those the 11th second saw.
        assertThat(lag.secondsBehind(32 * SECOND, 20_000, 1_000 + 10 * 500L)).isCloseTo(21.0, within(1e-9));
        assertThat(lag.secondsBehind(33 * SECOND, 20_000, 20_000)).isZero();
    }

    @Test
    void a_file_that_shrank_starts_again() {
        for (int s = 1; s <= 10; s++) lag.secondsBehind(s * SECOND, s * 1_000L, 0);
        assertThat(lag.secondsBehind(11 * SECOND, 10_000, 0)).isCloseTo(10.0, within(1e-9));
        // copytruncate: the file is small again and its acknowledged offset starts over.
        assertThat(lag.secondsBehind(12 * SECOND, 200, 0)).isZero();
        assertThat(lag.secondsBehind(14 * SECOND, 400, 0)).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void a_file_stuck_for_longer_than_the_sizes_it_keeps_still_counts_from_its_oldest_bytes() {
        for (int s = 1; s <= FileLag.MAX_SIZES * 3; s++) lag.secondsBehind(s * SECOND, s * 100L, 0);
        assertThat(lag.secondsBehind((FileLag.MAX_SIZES * 3 + 1) * SECOND, FileLag.MAX_SIZES * 300L + 100, 0))
                .isCloseTo(FileLag.MAX_SIZES * 3.0, within(1e-9));
    }
}
