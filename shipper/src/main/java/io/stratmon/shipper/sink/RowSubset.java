package io.stratmon.shipper.sink;

import java.util.Arrays;
import java.util.Set;

/**
 * Some rows of a range of {@link EncodedRows}, copied into one body, with where each came from: lets a sink send the
 * rows for tables that exist on their own, before the rows for tables it still has to create.
 */
final class RowSubset {
    private final byte[] body;
    private final int size;
    private final int[] original;
    private final int rows;

    private RowSubset(byte[] body, int size, int[] original, int rows) {
        this.body = body;
        this.size = size;
        this.original = original;
        this.rows = rows;
    }

    /** Rows of {@code [from, to)} whose table is (or, with {@code in == false}, is not) in {@code tables}, in order. */
    static RowSubset of(EncodedRows source, int from, int to, Set<String> tables, boolean in) {
        int[] original = new int[to - from];
        int n = 0;
        int bytes = 0;
        for (int i = from; i < to; i++) {
            if (tables.contains(source.table(i)) == in) {
                original[n++] = i;
                bytes += source.end(i) - source.start(i);
            }
        }
        byte[] body = new byte[bytes];
        int at = 0;
        for (int k = 0; k < n; k++) {
            int i = original[k];
            int length = source.end(i) - source.start(i);
            System.arraycopy(source.bytes(), source.start(i), body, at, length);
            at += length;
        }
        return new RowSubset(body, bytes, Arrays.copyOf(original, n), n);
    }

    int rows() {
        return rows;
    }

    byte[] body() {
        return body;
    }

    int size() {
        return size;
    }

    /** The index in the source of this subset's row {@code k}. */
    int original(int k) {
        return original[k];
    }
}
