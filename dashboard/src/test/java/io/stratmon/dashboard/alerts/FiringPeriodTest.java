package io.stratmon.dashboard.alerts;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FiringPeriodTest {
    static final Instant FROM = Instant.parse("2026-12-01T10:00:00Z");

    static Transition row(int minute, String fingerprint, String state) {
        return new Transition(FROM.plusSeconds(60L * minute), "A" + fingerprint, fingerprint, state, "page", Map.of("fp", fingerprint),
                Map.of(), 1.0, "", null);
    }

    static FiringPeriod period(String fingerprint, int fromMinute, Integer toMinute) {
        return new FiringPeriod("A" + fingerprint, fingerprint, "page", Map.of("fp", fingerprint), FROM.plusSeconds(60L * fromMinute),
                toMinute == null ? null : FROM.plusSeconds(60L * toMinute));
    }

    @Test
    void a_period_runs_from_firing_to_resolved_and_pending_rows_are_not_firing() {
        List<FiringPeriod> periods = FiringPeriod.of(List.of(), List.of(row(1, "x", "pending"), row(2, "x", "firing"), row(5, "x", "resolved")), FROM);

        assertThat(periods).containsExactly(period("x", 2, 5));
    }

    @Test
    void still_firing_is_an_open_period_and_firing_before_the_range_starts_at_the_range() {
        List<FiringPeriod> periods = FiringPeriod.of(List.of(row(-10, "old", "firing"), row(-5, "gone", "resolved")),
                List.of(row(3, "old", "resolved"), row(4, "new", "firing")), FROM);

        assertThat(periods).containsExactly(period("old", 0, 3), period("new", 4, null));
    }

    @Test
    void repeated_firing_rows_extend_one_period_and_fingerprints_are_kept_apart() {
        List<FiringPeriod> periods = FiringPeriod.of(List.of(), List.of(row(1, "a", "firing"), row(2, "b", "firing"), row(3, "a", "firing"),
                row(4, "b", "resolved"), row(6, "a", "resolved"), row(7, "a", "firing"), row(8, "a", "resolved")), FROM);

        assertThat(periods).containsExactly(period("a", 1, 6), period("b", 2, 4), period("a", 7, 8));
    }

    @Test
    void a_resolved_row_without_a_firing_one_is_no_period() {
        assertThat(FiringPeriod.of(List.of(row(-1, "a", "pending")), List.of(row(1, "a", "resolved")), FROM)).isEmpty();
    }

    @Test
    void severity_levels_are_page_or_critical_then_warning_then_none_whatever_the_case() {
        assertThat(AlertsJson.level("page")).isEqualTo("critical");
        assertThat(AlertsJson.level(" Critical ")).isEqualTo("critical");
        assertThat(AlertsJson.level("WARNING")).isEqualTo("warning");
        assertThat(AlertsJson.level("info")).isEqualTo("none");
        assertThat(AlertsJson.level("")).isEqualTo("none");
        assertThat(AlertsJson.level(null)).isEqualTo("none");
    }

    @Test
    void label_columns_that_are_not_a_json_object_read_as_no_labels() {
        assertThat(AlertHistory.object("{\"symbol\":\"SOL-USD\",\"n\":3}")).containsExactly(Map.entry("symbol", "SOL-USD"), Map.entry("n", "3"));
        assertThat(AlertHistory.object("[1,2]")).isEmpty();
        assertThat(AlertHistory.object("not json")).isEmpty();
        assertThat(AlertHistory.object(null)).isEmpty();
    }
}
