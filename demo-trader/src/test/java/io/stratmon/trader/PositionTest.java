package io.stratmon.trader;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PositionTest {
    private static final Instrument ETH = Instrument.DEFAULTS.get(1); // lots of 0.001

    @Test
    void buying_twice_averages_the_entry_price_and_fees_are_realized_losses() {
        var position = new Position(ETH);

        position.fill(Side.BUY, 1_000, 3_000, 1.2);
        position.fill(Side.BUY, 3_000, 3_100, 3.72);

        assertThat(position.qty()).isEqualTo(4.0);
        assertThat(position.avgPrice()).isCloseTo(3_075, within(1e-9));
        assertThat(position.realized()).isCloseTo(-4.92, within(1e-9));
        assertThat(position.unrealized(3_100)).isCloseTo(100, within(1e-9));
    }

    @Test
    void selling_part_of_a_long_realizes_that_part_and_keeps_the_average() {
        var position = new Position(ETH);
        position.fill(Side.BUY, 2_000, 3_000, 0);

        position.fill(Side.SELL, 500, 3_040, 0);

        assertThat(position.qty()).isEqualTo(1.5);
        assertThat(position.avgPrice()).isEqualTo(3_000);
        assertThat(position.realized()).isCloseTo(20, within(1e-9));
    }

    @Test
    void flipping_from_short_to_long_realizes_the_short_and_opens_the_rest_at_the_fill_price() {
        var position = new Position(ETH);
        position.fill(Side.SELL, 1_500, 3_000, 0);

        position.fill(Side.BUY, 3_000, 2_950, 0);

        assertThat(position.qty()).isEqualTo(1.5);
        assertThat(position.avgPrice()).isEqualTo(2_950);
        assertThat(position.realized()).isCloseTo(75, within(1e-9));
    }

    @Test
    void closing_a_position_leaves_it_flat_with_no_average_price() {
        var position = new Position(ETH);
        position.fill(Side.BUY, 1_500, 3_000, 0);

        position.fill(Side.SELL, 1_500, 2_990, 0);

        assertThat(position.lots()).isZero();
        assertThat(position.avgPrice()).isZero();
        assertThat(position.unrealized(5_000)).isZero();
        assertThat(position.realized()).isCloseTo(-15, within(1e-9));
    }
}
