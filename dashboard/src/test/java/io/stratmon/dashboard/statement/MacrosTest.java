package io.stratmon.dashboard.statement;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MacrosTest {
    static final TimeWindow WINDOW = new TimeWindow(Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-27T11:00:00.5Z"), 5000);

    @Test
    void expands_the_reference_dashboard_query_as_grafana_does() {
        assertThat(Macros.expand("SELECT timestamp, last(price) FROM price_log WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT", WINDOW))
                .isEqualTo("SELECT timestamp, last(price) FROM price_log WHERE timestamp BETWEEN '2026-11-27T10:00:00Z' AND "
                        + "'2026-11-27T11:00:00.500Z' SAMPLE BY 5000T");
    }

    @Test
    void expands_time_bounds_and_the_questdb_plugin_spellings() {
        assertThat(Macros.expand("$__timeFrom() $__timeTo()", WINDOW)).isEqualTo("'2026-11-27T10:00:00Z' '2026-11-27T11:00:00.500Z'");
        assertThat(Macros.expand("$__fromTime|$__toTime", WINDOW))
                .isEqualTo("cast(1795773600000000 as timestamp)|cast(1795777200500000 as timestamp)");
        assertThat(Macros.expand("SAMPLE BY $__sampleByInterval", WINDOW)).isEqualTo("SAMPLE BY 5s");
        assertThat(Macros.expand("count() * 60000.0 / $__interval_ms", WINDOW)).isEqualTo("count() * 60000.0 / 5000");
        assertThat(Macros.expand("no macros here", WINDOW)).isEqualTo("no macros here");
    }

    @Test
    void names_unknown_and_malformed_macros() {
        assertThat(Macros.problems("SELECT $__timeGroup(ts, '1m') FROM t")).singleElement().asString().contains("unknown macro $__timeGroup");
        assertThat(Macros.problems("WHERE $__timeFilter")).singleElement().asString().contains("needs parentheses");
        assertThat(Macros.problems("WHERE $__timeFilter()")).singleElement().asString().contains("needs a column");
        assertThat(Macros.problems("WHERE ts < $__timeTo(ts)")).singleElement().asString().contains("takes no argument");
        assertThat(Macros.problems("$__timeFilter(ts) $__interval_msT $__timeFrom()")).isEmpty();
        assertThatThrownBy(() -> Macros.expand("$__nope", WINDOW)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$__nope");
    }
}
