package io.stratmon.shipper.fast;

import java.util.Arrays;

/**
 * A bounded map from byte strings (keys and event names as they appear in a line) to plans, looked up by a range of
 * a line's bytes without copying them: open addressing, linear probing. Full at {@code maxEntries}: {@link #put}
 * then refuses, and the line's converter falls back to the general path, so hostile input cannot grow it.
 */
final class ByteKeys<V> {
    private final int maxEntries;
    private byte[][] keys;
    private int[] hashes;
    private Object[] values;
    private int size;

    ByteKeys(int maxEntries) {
        this.maxEntries = maxEntries;
        int capacity = 64;
        keys = new byte[capacity][];
        hashes = new int[capacity];
        values = new Object[capacity];
    }

    static int hash(byte[] b, int off, int len) {
        int h = 0x9E3779B9;
        for (int i = off, end = off + len; i < end; i++) h = 31 * h + b[i];
        return h ^ (h >>> 16);
    }

    /** Whether {@code k} holds exactly the bytes {@code b[off..off+len)} (a short key: a plain loop beats a vectorized compare). */
    static boolean same(byte[] k, byte[] b, int off, int len) {
        if (k.length != len) return false;
        for (int i = 0; i < len; i++) {
            if (k[i] != b[off + i]) return false;
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    V get(byte[] b, int off, int len, int hash) {
        int mask = keys.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) return null;
            if (hashes[i] == hash && k.length == len && Arrays.equals(k, 0, len, b, off, off + len)) return (V) values[i];
        }
    }

    /** Adds a key that {@link #get} did not find; false when the map is full. */
    boolean put(byte[] b, int off, int len, int hash, V value) {
        if (size >= maxEntries) return false;
        if (2 * (size + 1) > keys.length) grow();
        insert(Arrays.copyOfRange(b, off, off + len), hash, value);
        size++;
        return true;
    }

    private void insert(byte[] key, int hash, Object value) {
        int mask = keys.length - 1;
        int i = hash & mask;
        while (keys[i] != null) i = (i + 1) & mask;
        keys[i] = key;
        hashes[i] = hash;
        values[i] = value;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldHashes = hashes;
        Object[] oldValues = values;
        keys = new byte[oldKeys.length * 2][];
        hashes = new int[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) insert(oldKeys[i], oldHashes[i], oldValues[i]);
        }
    }
}
