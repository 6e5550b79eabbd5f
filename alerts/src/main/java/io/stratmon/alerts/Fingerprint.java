package io.stratmon.alerts;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity of an alert instance: Prometheus's label-set fingerprint (FNV-1a 64 over the sorted label names and
 * values, each followed by the byte 0xff), printed as 16 hex digits, as Alertmanager's {@code fingerprint} field is.
 */
public final class Fingerprint {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fingerprint() {}

    public static String of(Map<String, String> labels) {
        long h = OFFSET;
        for (var e : new TreeMap<>(labels).entrySet()) {
            h = add(h, e.getKey());
            h = addByte(h, (byte) 0xff);
            h = add(h, e.getValue());
            h = addByte(h, (byte) 0xff);
        }
        return String.format("%016x", h);
    }

    private static long add(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) h = addByte(h, b);
        return h;
    }

    private static long addByte(long h, byte b) {
        h ^= (b & 0xff);
        return h * PRIME;
    }
}
