package io.stratmon.shipper.fast;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random JSON lines of the shapes logs have, and their mutations: escapes and unicode (pairs, lone surrogates,
 * bad UTF-8), numbers at the edges ({@code -0}, {@code 1e400}, {@code 1E5}, leading zeros, 19 digits), missing, extra,
 * duplicate and case-colliding keys, nesting (also deeper than the fast path's plan), arrays, huge values, wrong
 * types, times out of range, odd whitespace, and byte-level damage (cut, inserted, flipped bytes), plus the golden
 * lines as they are and damaged. The same seed gives the same lines.
 */
final class LineGenerator {
    private static final String[] EVENTS = {"fill", "price_log", "order_fill", "http_request", "risk_check", "heartbeat",
            "Fill", "FILL", "order fill", "a/b.c", "stratmon_shipper", "STRATMON_x", "", "___", "é", "ç/x", "\\u0066ill",
            "x".repeat(140), "tab\\there"};
    private static final String[] TIMES = {"2026-11-27T10:00:00.123456Z", "2026-11-27T10:00:00Z", "2022-12-14T06:21:05.874105Z",
            "2026-11-27T10:00:00.123456789Z", "2026-11-27T10:00:00.1234567891Z", "2026-11-27 10:00:00+02:00",
            "2026-11-27T10:00:00-05:30", "2026-11-27T10:00:00+0200", "2026-11-27T10:00:00", "2026-11-27T10:00:00.5z",
            "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-27T25:00:00Z",
            "1969-12-31T23:59:59.999999Z", "1970-01-01T00:00:00Z", "2261-12-31T23:59:59.999999999Z", "2262-04-12T00:00:00Z",
            "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2026-11-27T10:00:00.Z", "2026-11-27T10:00:00\\u005a",
            "2026-11-27T10:00:00,5Z", "not a time", "", "2026-11-27T10:00:00+19:00", "2026-11-27T10:00:60Z"};
    private static final String[] TIME_NUMBERS = {"1732701600", "1732701600123", "1732701600123456", "1732701600123456789",
            "1732701600.5", "-1", "0", "9223372036854775807", "\"1732701600\"", "1e3", "-0"};
    private static final String[] STRINGS = {"info", "INFO", "WARN", "BTC-USD", "BUY", "a b", "a,b=c", "quote\\\"d",
            "back\\\\slash", "new\\nline", "cr\\rx", "tab\\tx", "\\u00e9t\\u00e9", "été", "😀", "\\ud83d\\ude00", "\\ud800",
            "x\\udc00y", "nul\\u0000", "\\u2028", "", " ", "slash\\/", "\\u0041\\u0062", "\\b\\f", "bad\\x", "\\u00zz",
            "stratmon_shipper", "/api/v1/orders/7", "\\\"", "=", ",", "\\\\", "o-17", "日本語", "x".repeat(5000),
            "é".repeat(300), "trailing\\\\"};
    private static final String[] NUMBERS = {"0", "-0", "0.0", "-0.0", "1", "-1", "5", "5.5", "1e400", "-1e400", "1e-400",
            "1E5", "1e+5", "1e-5", "01", "1.", ".5", "+1", "-", "1.5e", "123456789012345678", "1234567890123456789",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1.7976931348623157e308",
            "1.7976931348623159e308", "4.9e-324", "2e-324", "2.2250738585072014E-308", "0.1", "91000.37", "98.29123456789012",
            "0.30000000000000004", "1e22", "1e23", "123456789012345.6", "9007199254740993", "9007199254740993.0",
            "1" + "0".repeat(30), "0." + "0".repeat(30) + "1", "101.5", "0.001", "-3.25e-7", "NaN", "Infinity", "-Infinity",
            "1" + "2".repeat(400), "00", "-01", "1e0001", "1.0e-0"};
    private static final String[] KEYS = {"event", "timestamp", "@timestamp", "ts", "level", "symbol", "side", "price", "qty",
            "bid", "ask", "msg", "message", "logger", "log.level", "event.action", "a", "a_b", "b", "Price", "PRICE", "_src",
            "_offset", "timestamp_2", "TIMESTAMP", "", "a b", "é", "k".repeat(300), "s1", "sx", "latency_us", "order_id", "ok",
            "px", "v", "at", "data", "@version", "level_value", "a\\u0062", "\\\"q\\\"", "İd", "id", "log_level", "x-y",
            "stratmon_", "_", "utilization", "status", "duration_ms", "bytes", "exposure"};
    private static final String[] WS = {"", "", "", " ", "  ", "\t", "\r", "\n", " \t "};

    private final Random random;
    private final List<byte[]> golden;

    LineGenerator(long seed, List<byte[]> golden) {
        this.random = new Random(seed);
        this.golden = golden;
    }

    byte[] next() {
        int choice = random.nextInt(100);
        byte[] line;
        if (choice < 15 && !golden.isEmpty()) line = golden.get(random.nextInt(golden.size()));
        else line = object().getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(100) < 8) line = damage(line);
        return line;
    }

    private String object() {
        List<String> members = new ArrayList<>();
        if (random.nextInt(100) < 80) members.add(member("event", "\"" + pick(EVENTS) + "\""));
        if (random.nextInt(100) < 85) members.add(member(random.nextInt(10) < 8 ? "timestamp" : pick(new String[]{"@timestamp", "ts"}), time()));
        int extra = random.nextInt(random.nextInt(10) < 8 ? 8 : 40);
        for (int i = 0; i < extra; i++) members.add(member(key(), value(0)));
        if (random.nextInt(100) < 10 && !members.isEmpty()) members.add(members.get(random.nextInt(members.size()))); // duplicate
        java.util.Collections.shuffle(members.subList(0, members.size()), random);
        if (random.nextInt(100) < 60) java.util.Collections.sort(members.subList(0, Math.min(2, members.size())));
        return ws() + "{" + ws() + String.join("," + ws(), members) + ws() + "}" + ws() + (random.nextInt(200) == 0 ? "x" : "");
    }

    private String member(String key, String value) {
        return "\"" + key + "\"" + ws() + ":" + ws() + value;
    }

    private String key() {
        if (random.nextInt(10) < 2) return "k" + random.nextInt(random.nextInt(10) < 9 ? 12 : 5000);
        return pick(KEYS);
    }

    private String time() {
        int c = random.nextInt(100);
        if (c < 70) return "\"" + TIMES[random.nextInt(c < 55 ? 3 : TIMES.length)] + "\"";
        if (c < 90) return pick(TIME_NUMBERS);
        return value(0);
    }

    private String value(int depth) {
        int c = random.nextInt(100);
        if (c < 35) return "\"" + pick(STRINGS) + "\"";
        if (c < 70) return random.nextInt(3) == 0 ? pick(NUMBERS) : String.format(java.util.Locale.ROOT, "%." + random.nextInt(6) + "f",
                (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(8)));
        if (c < 78) return pick(new String[]{"true", "false", "null"});
        if (c < 93 && depth < 7) {
            int n = random.nextInt(4);
            List<String> members = new ArrayList<>();
            for (int i = 0; i < n; i++) members.add(member(key(), value(depth + 1)));
            return "{" + String.join(",", members) + "}";
        }
        if (c < 97) return pick(new String[]{"[]", "[1,2]", "[\"a\",{\"b\":1}]", "[null]"});
        return "\"" + "long value ".repeat(1 + random.nextInt(2000)) + "\"";
    }

    private byte[] damage(byte[] line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int kind = random.nextInt(6);
        int at = line.length == 0 ? 0 : random.nextInt(line.length);
        switch (kind) {
            case 0 -> out.write(line, 0, at); // cut
            case 1 -> { // a byte inserted
                out.write(line, 0, at);
                out.write(pickByte());
                out.write(line, at, line.length - at);
            }
            case 2 -> { // a byte replaced
                out.write(line, 0, line.length);
                byte[] b = out.toByteArray();
                if (b.length > 0) b[at] = (byte) pickByte();
                return b;
            }
            case 3 -> { // invalid UTF-8 inside the line
                out.write(line, 0, at);
                byte[][] bad = {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF},
                        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC3, (byte) 0xA9}};
                byte[] b = bad[random.nextInt(bad.length)];
                out.write(b, 0, b.length);
                out.write(line, at, line.length - at);
            }
            case 4 -> { // a BOM in front
                out.write(0xEF);
                out.write(0xBB);
                out.write(0xBF);
                out.write(line, 0, line.length);
            }
            default -> out.write(line, 0, line.length);
        }
        return out.toByteArray();
    }

    private int pickByte() {
        int[] bytes = {'"', '\\', '{', '}', ',', ':', ' ', '\t', 0, 1, 0x7F, 0x80, 0xC3, '0', '-', 'e', '.', '\n'};
        return bytes[random.nextInt(bytes.length)];
    }

    private String ws() {
        return random.nextInt(10) < 8 ? "" : pick(WS);
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
