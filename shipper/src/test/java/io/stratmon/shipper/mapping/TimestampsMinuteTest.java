package io.stratmon.shipper.mapping;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast ISO path with its minute kept from call to call reads every text exactly as it reads it alone. */
class TimestampsMinuteTest {
    @Test
    void times_sharing_a_minute_with_the_previous_one_read_the_same_as_without_the_cache_valid_or_not() {
        Random random = new Random(3);
        String[] minutes = {"2026-11-27T10:00", "2026-11-27T10:01", "2026-11-27 10:01", "2024-02-29T23:59", "2023-02-29T00:00",
                "2026-13-01T00:00", "2026-11-27T24:00", "2026-11-27T10:60", "2026-11-27x10:00", "1600-01-01T00:00", "2300-01-01T00:00"};
        String[] seconds = {":00", ":59", ":60", ":5", ":a1", "x00"};
        String[] fractions = {"", ".1", ".123456", ".123456789", ".1234567890", ".", ".12a"};
        String[] zones = {"Z", "z", "+02:00", "-11:30", "+19:00", "+02:60", "+0200", "", "ZZ"};
        Timestamps.Minute cache = new Timestamps.Minute();
        for (int i = 0; i < 200_000; i++) {
            String text = minutes[random.nextInt(4) == 0 ? random.nextInt(minutes.length) : 0] + seconds[random.nextInt(seconds.length)]
                    + fractions[random.nextInt(fractions.length)] + zones[random.nextInt(zones.length)];
            byte[] b = ("  " + text + "  ").getBytes(StandardCharsets.US_ASCII);
            long alone = Timestamps.fastIso(text), cached = Timestamps.fastIso(b, 2, text.length(), cache);
            assertThat(cached).as(text).isEqualTo(alone);
        }
    }
}
