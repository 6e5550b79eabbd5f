package io.stratmon.sql;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @Test
    void reads_the_prometheus_grammar() {
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("1w")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("1m500ms")).isEqualTo(Duration.ofMillis(60_500));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void refuses_bare_numbers_negatives_decimals_and_wrong_order() {
        for (String bad : new String[] {"10", "-5s", "1.5s", "", " ", "s", "30m1h", "5 s", "1x", "PT5S"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a duration");
        }
        assertThatThrownBy(() -> Durations.parse("99999999999999999999y")).hasMessageContaining("too large");
    }

    @Test
    void formats_what_it_parses_back() {
        for (String s : new String[] {"1h30m", "500ms", "10s", "2d", "1w", "1m500ms", "0s"}) {
            assertThat(Durations.format(Durations.parse(s))).isEqualTo(s);
        }
    }
}
