package io.stratmon.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S", "10s, PT10S", "1h30m, PT1H30M", "2d, PT48H", "1w, PT168H", "1w1d2h3m4s5ms, PT194H3M4.005S",
            "0, PT0S", "0s, PT0S", "0ms, PT0S", "90m, PT1H30M", "PT10S, PT10S", "pt10s, PT10S", "P1DT2H, PT26H",
            "' 15m ', PT15M", "1m5ms, PT1M0.005S"})
    void reads_short_and_iso_durations(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10|a number needs a unit, e.g. 10s or 10ms",
            "-5s|negative durations are not allowed",
            "PT-10S|negative durations are not allowed",
            "-PT10S|negative durations are not allowed",
            "1.5h|no fractions",
            "1h 30m|no spaces inside",
            "10S|units are lower case, write 10s",
            "5x|unknown unit 'x'",
            "30m1h|units must go from largest to smallest",
            "1s1s|units must go from largest to smallest",
            "1m30|'30' needs a unit",
            "P1M|not an ISO-8601 duration",
            "99999999999999999999s|too large",
            "9999999999999999w|too large",
            "15251w|too large: at most about 292 years",
            "P106752D|too large",
            "h|not a duration"})
    void refuses_what_is_not_in_the_grammar_and_says_why(String text, String why) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[value=" + text + "]")
                .hasMessageContaining(why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void refuses_empty_text(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void refuses_null_with_a_message() {
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing duration");
    }

    @ParameterizedTest
    @CsvSource({"PT0S, 0s", "PT0.5S, 500ms", "PT1H30M, 1h30m", "PT192H, 1w1d", "PT336H, 2w", "PT61.001S, 1m1s1ms",
            "PT0.0000005S, PT0.0000005S"})
    void formats_the_canonical_short_text(String iso, String text) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
    }

    @Test
    void refuses_to_format_a_negative_duration() {
        assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parse_of_format_gives_back_the_same_duration() {
        Random random = new Random(8);
        for (int i = 0; i < 10_000; i++) {
            Duration d = switch (i % 3) {
                case 0 -> Duration.ofMillis(random.nextInt(Integer.MAX_VALUE));
                case 1 -> Duration.ofSeconds(Math.abs(random.nextLong() % 9_000_000_000L));
                default -> Duration.ofSeconds(random.nextInt(100_000), random.nextInt(1_000_000_000));
            };
            assertThat(Durations.parse(Durations.format(d))).as("format %s = %s", d, Durations.format(d)).isEqualTo(d);
        }
        assertThat(Durations.parse(Durations.format(Durations.MAX))).isEqualTo(Durations.MAX);
        assertThat(Durations.MAX.toNanos()).isEqualTo(Long.MAX_VALUE);
    }
}
