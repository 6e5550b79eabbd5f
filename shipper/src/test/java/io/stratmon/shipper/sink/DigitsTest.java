package io.stratmon.shipper.sink;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Digits} writes every long as {@link Long#toString} does, at any position, and says where it ends. */
class DigitsTest {
    private static String written(long v, int at) {
        byte[] buf = new byte[at + 20];
        int end = Digits.write(v, buf, at);
        return new String(buf, at, end - at, StandardCharsets.US_ASCII);
    }

    @Test
    void every_power_of_ten_and_its_neighbours_are_written_as_long_to_string_writes_them() {
        List<Long> values = new ArrayList<>(List.of(0L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p *= 10) {
            values.addAll(List.of(p - 1, p, p + 1, -p, -p + 1, -p - 1));
            if (p > Long.MAX_VALUE / 10) break;
        }
        for (int bit = 0; bit < 63; bit++) values.addAll(List.of(1L << bit, (1L << bit) - 1, -(1L << bit)));
        for (long v : values) assertThat(written(v, 3)).as("value %d", v).isEqualTo(Long.toString(v));
    }

    @Test
    void random_longs_of_every_length_are_written_as_long_to_string_writes_them() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            assertThat(written(v, i % 7)).as("value %d", v).isEqualTo(Long.toString(v));
        }
    }
}
