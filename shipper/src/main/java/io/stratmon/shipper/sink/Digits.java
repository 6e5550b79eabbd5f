package io.stratmon.shipper.sink;

import java.nio.charset.StandardCharsets;

/**
 * Longs as decimal ASCII, as {@link Long#toString} writes them, straight into a buffer: eight digits per long
 * division, then two per int step from a table of pairs (every row has a 19-digit time and, with dedup, an offset).
 */
public final class Digits {
    /** "00", "01", ... "99" as ASCII bytes, two by two. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int p = 0; p < 100; p++) {
            PAIRS[2 * p] = (byte) ('0' + p / 10);
            PAIRS[2 * p + 1] = (byte) ('0' + p % 10);
        }
    }

    /** 10^0 ... 10^18. */
    private static final long[] POW10 = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++, p *= 10) POW10[i] = p;
    }

    private Digits() {}

    /** Writes {@code v} at {@code at} (room for 20 bytes needed) and returns where it ends. */
    public static int write(long v, byte[] buf, int at) {
        int size = at;
        if (v == Long.MIN_VALUE) {
            byte[] min = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, buf, size, min.length);
            return size + min.length;
        }
        if (v < 0) {
            buf[size++] = '-';
            v = -v;
        }
        // floor(log10(v)) from the bit length (1233 / 4096 ~ log10(2)), corrected by one comparison.
        int t = (64 - Long.numberOfLeadingZeros(v | 1)) * 1233 >>> 12;
        int digits = v >= POW10[t] ? t + 1 : Math.max(t, 1);
        int end = size + digits;
        int i = end;
        // Eight digits per long division, then two per int step from a table of pairs: times (19 digits of nanoseconds)
        // and offsets are written on every row.
        while (v >= 100_000_000L) {
            long q = v / 100_000_000L;
            int r = (int) (v - q * 100_000_000L);
            v = q;
            for (int k = 0; k < 4; k++) {
                int p = r % 100;
                r /= 100;
                buf[--i] = PAIRS[2 * p + 1];
                buf[--i] = PAIRS[2 * p];
            }
        }
        int x = (int) v;
        while (x >= 100) {
            int p = x % 100;
            x /= 100;
            buf[--i] = PAIRS[2 * p + 1];
            buf[--i] = PAIRS[2 * p];
        }
        if (x >= 10) {
            buf[--i] = PAIRS[2 * x + 1];
            buf[--i] = PAIRS[2 * x];
        } else {
            buf[--i] = (byte) ('0' + x);
        }
        return end;
    }
}
