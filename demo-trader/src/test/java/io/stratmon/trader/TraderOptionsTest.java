package io.stratmon.trader;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraderOptionsTest {
    private static final Path FILE = Path.of("logs/trader.jsonl");

    @Test
    void defaults_run_the_strategy_at_two_events_a_second_forever_on_the_console() {
        TraderOptions options = TraderOptions.defaults(FILE);

        assertThat(options.logFile()).isEqualTo(FILE);
        assertThat(options.profile()).isEqualTo(Profile.STRATEGY);
        assertThat(options.rate()).isEqualTo(2.0);
        assertThat(options.duration()).isNull();
        assertThat(options.count()).isZero();
        assertThat(options.console()).isTrue();
        assertThat(options.problems()).isEmpty();
    }

    @Test
    void with_methods_change_one_field_and_keep_the_others() {
        TraderOptions options = TraderOptions.defaults(FILE).withSeed(7);

        TraderOptions changed = options.withProfile(Profile.SEED).withRate(500).withDuration(Duration.ofSeconds(3))
                .withCount(10).withConsole(false).withLogFile(Path.of("other.jsonl"));

        assertThat(changed).isEqualTo(new TraderOptions(Path.of("other.jsonl"), Profile.SEED, 500, Duration.ofSeconds(3),
                10, false, 7, false));
        assertThat(options.rate()).isEqualTo(2.0);
    }

    @Test
    void problems_lists_every_bad_value() {
        var bad = new TraderOptions(null, null, Double.NaN, Duration.ZERO, -1, false, 0, false);

        assertThat(bad.problems()).containsExactly(
                "log_file: is required",
                "profile: is required [expected=seed|strategy]",
                "rate: must be > 0 and <= 1000000 events/s [value=NaN]",
                "duration: must be positive, or absent to run until stopped [value=PT0S]",
                "count: must be >= 0, where 0 means no limit [value=-1]");
    }

    @Test
    void faults_are_off_by_default_and_need_the_strategy_profile() {
        TraderOptions options = TraderOptions.defaults(FILE);

        assertThat(options.faults()).isFalse();
        assertThat(options.withFaults(true).problems()).isEmpty();
        assertThat(options.withFaults(true).withProfile(Profile.SEED).problems()).containsExactly(
                "faults: need the strategy profile (the seed profile has no heartbeat, symbols or errors) [profile=seed]");
    }

    @Test
    void rate_must_be_positive_and_at_most_a_million() {
        TraderOptions options = TraderOptions.defaults(FILE);

        assertThat(options.withRate(0).problems()).hasSize(1);
        assertThat(options.withRate(-5).problems()).hasSize(1);
        assertThat(options.withRate(1_000_001).problems()).hasSize(1);
        assertThat(options.withRate(1_000_000).problems()).isEmpty();
        assertThat(options.withRate(0.1).problems()).isEmpty();
    }

    @Test
    void profile_names_parse_ignoring_case() {
        assertThat(Profile.parse("seed")).isEqualTo(Profile.SEED);
        assertThat(Profile.parse(" Strategy ")).isEqualTo(Profile.STRATEGY);
        assertThatThrownBy(() -> Profile.parse("scalper"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown profile [value=scalper, expected=seed|strategy]");
    }
}
