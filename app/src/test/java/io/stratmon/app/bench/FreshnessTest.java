package io.stratmon.app.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FreshnessTest {

    @Test
    void quantiles_are_nearest_rank_of_both_bounds() {
        Freshness f = new Freshness();
        for (int i = 1; i <= 100; i++) f.add(0, i * 1_000_000L - 500_000, i * 1_000_000L); // row i: (i-0.5 ms, i ms]
        assertThat(f.rows()).isEqualTo(100);
        assertThat(f.latestQuantile(0.5)).isEqualTo(50_000_000);
        assertThat(f.latestQuantile(0.99)).isEqualTo(99_000_000);
        assertThat(f.latestQuantile(1)).isEqualTo(100_000_000);
        assertThat(f.earliestQuantile(0.5)).isEqualTo(49_500_000);
    }

    @Test
    void a_row_seen_by_the_first_poll_after_it_was_appended_has_no_negative_lower_bound() {
        Freshness f = new Freshness();
        f.add(10_000_000, 5_000_000, 12_000_000); // the previous poll was sent before the append
        assertThat(f.earliestQuantile(1)).isZero();
        assertThat(f.latestQuantile(1)).isEqualTo(2_000_000);
        assertThat(new Freshness().latestQuantile(0.5)).isNaN();
    }
}
