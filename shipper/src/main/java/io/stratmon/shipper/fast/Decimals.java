package io.stratmon.shipper.fast;

import java.math.BigInteger;

/**
 * The correctly rounded double of a decimal of up to 19 significant digits, {@code w × 10^q}, by the Eisel-Lemire
 * algorithm (D. Lemire, "Number parsing at a gigabyte per second", 2021, as {@code fast_float} computes it): the
 * mantissa times a 128-bit truncated power of five, rounded once. It covers what Clinger's exact products do not: the
 * 16 and 17 digits {@code Double.toString} writes for most prices. The powers are those of {@code fast_float}'s table
 * for {@code q} in [-27, 55], where the 128-bit product is always precise enough; outside them, and for subnormals,
 * it answers NaN and Jackson's parser decides.
 */
final class Decimals {
    private static final int MIN_Q = -27, MAX_Q = 55;
    private static final long[] HIGH = new long[MAX_Q - MIN_Q + 1], LOW = new long[MAX_Q - MIN_Q + 1];

    static {
        for (int q = MIN_Q; q <= MAX_Q; q++) {
            BigInteger c;
            if (q >= 0) {
                c = BigInteger.valueOf(5).pow(q);
                int bits = c.bitLength();
                c = bits <= 128 ? c.shiftLeft(128 - bits) : c.shiftRight(bits - 128);
            } else {
                BigInteger p5 = BigInteger.valueOf(5).pow(-q);
                c = BigInteger.ONE.shiftLeft(p5.bitLength() + 127).divide(p5).add(BigInteger.ONE);
            }
            HIGH[q - MIN_Q] = c.shiftRight(64).longValue();
            LOW[q - MIN_Q] = c.longValue();
        }
    }

    private Decimals() {}

    /** The double nearest {@code w × 10^q} ({@code w} unsigned, not 0, exact), or NaN when this cannot tell. */
    static double eiselLemire(long w, int q) {
        if (w == 0 || q < MIN_Q || q > MAX_Q) return Double.NaN;
        int lz = Long.numberOfLeadingZeros(w);
        w <<= lz;
        long high = unsignedMultiplyHigh(w, HIGH[q - MIN_Q]), low = w * HIGH[q - MIN_Q];
        if ((high & 0x1FF) == 0x1FF) {
            long next = unsignedMultiplyHigh(w, LOW[q - MIN_Q]);
            low += next;
            if (Long.compareUnsigned(next, low) > 0) high++;
        }
        int upper = (int) (high >>> 63);
        long mantissa = high >>> (upper + 9);
        int power2 = ((217706 * q) >> 16) + 63 + upper - lz + 1023;
        if (power2 <= 0) return Double.NaN; // subnormal
        // Exactly halfway: round to even.
        if (Long.compareUnsigned(low, 1) <= 0 && q >= -4 && q <= 23 && (mantissa & 3) == 1 && (mantissa << (upper + 9)) == high) {
            mantissa &= ~1L;
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (mantissa >= 1L << 53) {
            mantissa = 1L << 52;
            power2++;
        }
        mantissa &= ~(1L << 52);
        if (power2 >= 0x7FF) return Double.NaN; // beyond a double
        return Double.longBitsToDouble(mantissa | (long) power2 << 52);
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
