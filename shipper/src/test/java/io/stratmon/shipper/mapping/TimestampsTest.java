package io.stratmon.shipper.mapping;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampsTest {
    static long nanos(String iso) {
        OffsetDateTime t = OffsetDateTime.parse(iso);
        return t.toEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Test
    void parses_any_fraction_and_offset() {
        for (String s : new String[] {"2026-11-27T10:00:00Z", "2026-11-27T10:00:00.1Z", "2026-11-27T10:00:00.123456Z",
                "2026-11-27T10:00:00.123456789Z", "2026-11-27T12:30:00.5+02:30", "2026-11-27T01:00:00-09:00",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999Z", "2024-02-29T23:59:59.999Z", "2204-02-29T00:00:00Z"}) {
            assertThat(Timestamps.parseIsoNanos(s)).as(s).isEqualTo(nanos(s));
        }
    }

    @Test
    void fast_path_agrees_with_java_time_on_random_instants() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong() % 9_000_000_000L;
            int nanos = random.nextInt(1_000_000_000);
            String iso = java.time.Instant.ofEpochSecond(seconds, nanos).toString();
            assertThat(Timestamps.fastIso(iso)).as(iso).isEqualTo(nanos(iso));
        }
    }

    @Test
    void a_time_beyond_a_nanosecond_long_is_refused_never_wrapped_around() {
        for (String s : new String[] {"2262-04-11T23:47:16.854775808Z", "2400-02-29T00:00:00Z", "2600-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z", "1677-09-21T00:12:43.145224191Z", "0001-01-01T00:00:00Z"}) {
            assertThat(Timestamps.fastIso(s)).as(s).isEqualTo(Long.MIN_VALUE);
            assertThatThrownBy(() -> Timestamps.parseIsoNanos(s)).as(s).isInstanceOf(ArithmeticException.class);
        }
        assertThat(Timestamps.parseIsoNanos("2262-04-11T23:47:16.854775807Z")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void refuses_what_is_not_a_date_time_with_offset() {
        for (String s : new String[] {"", "yesterday", "2026-11-27", "2026-11-27T10:00:00", "2026-13-01T00:00:00Z",
                "2026-02-30T00:00:00Z", "2026-11-27T25:00:00Z", "2026-11-27T10:00:00.1234567890Z"}) {
            assertThatThrownBy(() -> Timestamps.parseIsoNanos(s)).as(s).isInstanceOf(DateTimeParseException.class);
        }
    }
}
