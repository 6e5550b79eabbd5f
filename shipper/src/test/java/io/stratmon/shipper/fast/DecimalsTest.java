package io.stratmon.shipper.fast;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Eisel-Lemire gives, bit for bit, the double {@code Double.parseDouble} reads for the same decimal, or says it cannot tell. */
class DecimalsTest {
    private static final long TEN_18 = 1_000_000_000_000_000_000L, TEN_19 = Long.parseUnsignedLong("10000000000000000000");

    private static void same(long w, int q) {
        double d = Decimals.eiselLemire(w, q);
        String text = new BigDecimal(Long.toUnsignedString(w)).scaleByPowerOfTen(q).toString();
        if (!Double.isNaN(d)) {
            assertThat(Double.doubleToRawLongBits(d)).as("%s e%d (%s)", Long.toUnsignedString(w), q, text)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        }
    }

    @Test
    void every_double_to_string_of_a_random_double_reads_back_as_that_double() {
        Random random = new Random(5);
        int answered = 0;
        for (int i = 0; i < 300_000; i++) {
            double x = i % 3 == 0 ? 100 * (1 + random.nextGaussian() * 0.01) : Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(x) || Double.isInfinite(x) || x <= 0) continue;
            BigDecimal b = new BigDecimal(Double.toString(x));
            BigDecimal digits = b.unscaledValue().abs().compareTo(java.math.BigInteger.TEN.pow(19)) < 0 ? b : null;
            if (digits == null) continue;
            double d = Decimals.eiselLemire(b.unscaledValue().longValue(), -b.scale());
            if (Double.isNaN(d)) continue;
            answered++;
            assertThat(Double.doubleToRawLongBits(d)).as(Double.toString(x)).isEqualTo(Double.doubleToRawLongBits(x));
        }
        assertThat(answered).as("numbers it answered").isGreaterThan(100_000);
    }

    @Test
    void random_mantissas_of_up_to_19_digits_at_every_exponent_and_halfway_cases_round_as_parse_double_does() {
        Random random = new Random(9);
        for (int q = -30; q <= 60; q++) {
            for (int i = 0; i < 3_000; i++) {
                int digits = 1 + random.nextInt(19);
                long w = Math.floorMod(random.nextLong(), (long) Math.pow(10, Math.min(digits, 18))) + 1;
                if (digits == 19) w = TEN_18 + Long.remainderUnsigned(random.nextLong(), TEN_19 - TEN_18); // unsigned, past 2^63 too
                same(w, q);
            }
        }
        // Halfway between two doubles: 2^53 + 1 and its neighbours, 9007199254740993 = 2^53 + 1 (ties to even).
        for (long w : new long[]{9_007_199_254_740_993L, 9_007_199_254_740_995L, 9_007_199_254_740_997L, 18_014_398_509_481_987L,
                1L << 62, (1L << 62) + 1, Long.MIN_VALUE, TEN_19 - 1}) {
            for (int q = -27; q <= 55; q++) same(w, q);
        }
    }
}
