package io.stratmon.dashboard.statement;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TimeWindowTest {
    static final Instant NOW = Instant.parse("2026-11-27T12:34:56.789Z");

    @Test
    void bucket_gives_at_most_two_points_per_pixel_rounded_up_to_a_nice_interval() {
        for (Duration range : new Duration[] {Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6),
                Duration.ofHours(24), Duration.ofDays(7), Duration.ofDays(90)}) {
            for (int px : new int[] {100, 333, 600, 1280, 2560}) {
                TimeWindow w = TimeWindow.of(NOW.minus(range), NOW, px, 100_000, null);
                long buckets = (range.toMillis() + w.intervalMs() - 1) / w.intervalMs();
                assertThat(buckets).as("range=%s px=%d interval=%d", range, px, w.intervalMs()).isLessThanOrEqualTo(2L * px);
                assertThat(w.intervalMs()).as("not needlessly coarse").isLessThanOrEqualTo(Math.max(86_400_000L, range.toMillis() * 5 / (2L * px)));
            }
        }
        assertThat(TimeWindow.of(NOW.minus(Duration.ofHours(1)), NOW, 600, 4000, null).intervalMs()).isEqualTo(5000);
        assertThat(TimeWindow.of(NOW.minus(Duration.ofDays(7)), NOW, 600, 4000, null).intervalMs()).isEqualTo(600_000);
    }

    @Test
    void respects_max_points_and_the_panels_minimum() {
        assertThat(TimeWindow.of(NOW.minus(Duration.ofHours(1)), NOW, 5000, 100, null).intervalMs()).isEqualTo(60_000);
        assertThat(TimeWindow.of(NOW.minus(Duration.ofMinutes(5)), NOW, 600, 4000, Duration.ofSeconds(10)).intervalMs()).isEqualTo(10_000);
    }

    @Test
    void starts_on_a_bucket_boundary_so_live_buckets_do_not_move() {
        TimeWindow a = TimeWindow.of(NOW.minus(Duration.ofHours(1)), NOW, 600, 4000, null);
        TimeWindow b = TimeWindow.of(NOW.minus(Duration.ofHours(1)).plusMillis(1234), NOW.plusMillis(1234), 600, 4000, null);
        assertThat(a.from().toEpochMilli() % a.intervalMs()).isZero();
        assertThat(b.from()).isEqualTo(a.from());
        assertThat(a.from()).isBetween(NOW.minus(Duration.ofHours(1)).minusMillis(a.intervalMs()), NOW.minus(Duration.ofHours(1)));
        assertThat(a.to()).isEqualTo(NOW);
    }

    @Test
    void writes_the_interval_in_sample_by_units() {
        assertThat(new TimeWindow(NOW, NOW.plusSeconds(1), 250).sampleBy()).isEqualTo("250T");
        assertThat(new TimeWindow(NOW, NOW.plusSeconds(1), 15_000).sampleBy()).isEqualTo("15s");
        assertThat(new TimeWindow(NOW, NOW.plusSeconds(1), 7_200_000).sampleBy()).isEqualTo("2h");
        assertThat(new TimeWindow(NOW, NOW.plusSeconds(1), 86_400_000).sampleBy()).isEqualTo("1d");
    }
}
