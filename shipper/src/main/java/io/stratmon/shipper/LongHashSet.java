package io.stratmon.shipper;

/** Keys as an open-addressing set of longs: 16 bytes a key at most, no boxing. 0 is stored apart. */
final class LongHashSet {
    private long[] table = new long[1024];
    private int size;
    private boolean hasZero;

    boolean add(long key) {
        if (key == 0) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if ((size + 1) * 2 > table.length) grow();
        return insert(table, key);
    }

    private boolean insert(long[] t, long key) {
        int mask = t.length - 1;
        for (int i = (int) (key ^ (key >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (t[i] == key) return false;
            if (t[i] == 0) {
                t[i] = key;
                if (t == table) size++;
                return true;
            }
        }
    }

    private void grow() {
        long[] bigger = new long[table.length * 2];
        for (long k : table) if (k != 0) insert(bigger, k);
        table = bigger;
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }
}
