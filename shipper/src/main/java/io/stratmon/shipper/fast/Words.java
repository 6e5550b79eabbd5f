package io.stratmon.shipper.fast;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte-level helpers of {@link JsonScan} and {@link Strings}. */
final class Words {
    private Words() {}

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L, HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L, BACKSLASHES = 0x5C5C5C5C5C5C5C5CL, CONTROLS = 0x2020202020202020L;

    /**
     * Skips, 8 bytes at a time, the bytes of a string that need no look: ASCII from space on, but {@code "} and
     * {@code \\}. Returns the first position whose word holds another byte (its own loop then decides), at most
     * {@code end}. The lowest flagged byte of a word is always a real one: a borrow only runs towards higher bytes.
     */
    static int plainRun(byte[] b, int at, int end) {
        while (at + 8 <= end) {
            long x = (long) LONGS.get(b, at);
            long quote = x ^ QUOTES, backslash = x ^ BACKSLASHES;
            long flagged = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((x - CONTROLS) & ~x) | x;
            flagged &= HIGHS;
            if (flagged != 0) return at + (Long.numberOfTrailingZeros(flagged) >>> 3);
            at += 8;
        }
        return at;
    }

    static int hex4(byte[] b, int at) {
        int v = 0;
        for (int i = at; i < at + 4; i++) {
            int c = b[i], d;
            if (c >= '0' && c <= '9') d = c - '0';
            else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
            else return -1;
            v = v << 4 | d;
        }
        return v;
    }
}
