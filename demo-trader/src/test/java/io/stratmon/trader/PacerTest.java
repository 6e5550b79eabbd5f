package io.stratmon.trader;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PacerTest {
    private static final long START = 1_000_000_000L;

    @Test
    void the_first_event_is_due_at_the_start_and_one_more_every_period() {
        var pacer = new Pacer(2, START);

        assertThat(pacer.dueBy(START - 1)).isZero();
        assertThat(pacer.dueBy(START)).isEqualTo(1);
        assertThat(pacer.dueBy(START + 499_999_999)).isEqualTo(1);
        assertThat(pacer.dueBy(START + 500_000_000)).isEqualTo(2);
        assertThat(pacer.dueAt(2)).isEqualTo(START + 1_000_000_000);
    }

    @Test
    void due_times_come_from_the_start_so_rounding_never_accumulates() {
        var pacer = new Pacer(3, START);

        // 1/3 s is not a whole number of nanoseconds; a million periods later the schedule is still exact.
        assertThat(pacer.dueAt(3_000_000)).isEqualTo(START + 1_000_000_000_000_000L);
        assertThat(pacer.dueBy(START + 1_000_000_000_000_000L)).isEqualTo(3_000_001);
    }

    @Test
    void a_low_rate_wakes_up_exactly_when_the_next_event_is_due() {
        var pacer = new Pacer(10, START);

        assertThat(pacer.wakeAt(1, START + 1_000)).isEqualTo(START + 100_000_000);
    }

    @Test
    void a_high_rate_wakes_up_once_per_millisecond_and_writes_a_burst() {
        var pacer = new Pacer(100_000, START);

        long wake = pacer.wakeAt(1, START);
        assertThat(wake).isEqualTo(START + Pacer.BURST_NANOS);
        assertThat(pacer.dueBy(wake)).isEqualTo(101);
    }
}
