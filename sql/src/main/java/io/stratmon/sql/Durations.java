package io.stratmon.sql;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Prometheus and Go write them: {@code 1h30m}, {@code 500ms}, {@code 10s}, {@code 2d}, {@code 1w}.
 * Units y, w, d, h, m, s, ms, in that order, each at most once; {@code 0} alone is zero. Other bare numbers,
 * negatives, decimals and empty strings are refused with a readable message.
 *
 * <pre>{@code
 * Duration d = Durations.parse("1m30s");   // PT1M30S
 * String s = Durations.format(d);          // "1m30s"
 * }</pre>
 */
public final class Durations {
    private static final Pattern GRAMMAR = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MILLIS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
    private static final String[] UNIT_NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

    private Durations() {}

    /** Parses {@code text}; throws IllegalArgumentException naming the value and the grammar when it is not a duration. */
    public static Duration parse(String text) {
        if (text == null) throw new IllegalArgumentException("not a duration: missing value (write it like \"30s\", \"5m\", \"1h30m\")");
        String t = text.trim();
        if (t.equals("0")) return Duration.ZERO;
        Matcher m = GRAMMAR.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("not a duration [value=" + text + "] (write it like \"500ms\", \"30s\", \"5m\", \"1h30m\", "
                    + "\"2d\", \"1w\"; units y w d h m s ms, largest first; no spaces, signs or decimals)");
        }
        long millis = 0;
        try {
            for (int i = 0; i < UNIT_MILLIS.length; i++) {
                String group = m.group(i + 1);
                if (group != null) millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(group), UNIT_MILLIS[i]));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("duration too large [value=" + text + "]");
        }
        return Duration.ofMillis(millis);
    }

    /** The shortest text {@link #parse} reads back as {@code d} (sub-millisecond parts are dropped): {@code 1h30m}, {@code 0s}. */
    public static String format(Duration d) {
        long millis = d.toMillis();
        if (millis < 0) throw new IllegalArgumentException("negative duration [value=" + d + "]");
        if (millis == 0) return "0s";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            long n = millis / UNIT_MILLIS[i];
            if (n > 0) {
                sb.append(n).append(UNIT_NAMES[i]);
                millis -= n * UNIT_MILLIS[i];
            }
        }
        return sb.toString();
    }
}
