package io.stratmon.sql;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of stratmon: config files, the command line, dashboards and alert rules all read
 * durations here, so {@code 1h30m} means the same everywhere.
 *
 * <pre>{@code
 * Durations.parse("1h30m");                    // PT1H30M
 * Durations.parse("500ms");                    // PT0.5S
 * Durations.parse("PT10S");                    // ISO-8601 works too
 * Durations.format(Duration.ofMinutes(90));    // "1h30m"
 * }</pre>
 *
 * <p>Grammar (Go/Prometheus style): one or more {@code <digits><unit>} parts, units in falling order and each at
 * most once: {@code w} (7 days), {@code d} (24 hours), {@code h}, {@code m}, {@code s}, {@code ms}. Or an ISO-8601
 * duration such as {@code PT10S} or {@code P1DT2H}. The bare number {@code 0} is zero; any other bare number is
 * refused (is {@code 10} seconds or milliseconds?). Negative durations, fractions in the short form, spaces inside
 * and upper-case short units are refused, and so is anything over {@link #MAX} (about 292 years, the most a long of
 * nanoseconds holds, so {@code toNanos()} never overflows). {@link #format} gives the canonical short text, and
 * {@code parse(format(d)).equals(d)} for every {@code d} from zero to {@link #MAX}.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile(
            "(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final Pattern PART = Pattern.compile("(\\d+)([a-zA-Z]+)");
    private static final long[] UNIT_MILLIS = {604_800_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    private static final String[] UNIT_NAMES = {"w", "d", "h", "m", "s", "ms"};
    private static final List<String> NAMES = Arrays.asList(UNIT_NAMES);
    private static final String EXAMPLES = "e.g. 500ms, 10s, 1h30m, 2d, 1w or ISO PT10S";
    /** The longest duration: one that still fits a long of nanoseconds (about 292 years), so no caller overflows. */
    public static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

    private Durations() {}

    /**
     * The duration that {@code text} names.
     *
     * @throws IllegalArgumentException with a readable message naming the text and what would work
     */
    public static Duration parse(String text) {
        if (text == null) throw new IllegalArgumentException("missing duration (" + EXAMPLES + ")");
        String t = text.strip();
        if (t.isEmpty()) throw refused(text, "empty");
        if (t.equals("0")) return Duration.ZERO;
        if (t.startsWith("-")) throw refused(text, "negative durations are not allowed");
        if (t.charAt(0) == 'P' || t.charAt(0) == 'p') return parseIso(text, t);
        if (t.chars().allMatch(Character::isDigit)) throw refused(text, "a number needs a unit, e.g. " + t + "s or " + t + "ms");
        Matcher m = SHORT.matcher(t);
        if (!m.matches()) throw refused(text, whyNotShort(t));
        Duration total = Duration.ZERO;
        try {
            for (int i = 0; i < UNIT_MILLIS.length; i++) {
                String digits = m.group(i + 1);
                if (digits != null) total = total.plus(Duration.ofMillis(Math.multiplyExact(Long.parseLong(digits), UNIT_MILLIS[i])));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw refused(text, "too large");
        }
        return atMostMax(text, total);
    }

    /** As {@link #parse}, and zero is refused too: for intervals and ranges, where zero means nothing. */
    public static Duration parsePositive(String text) {
        Duration d = parse(text);
        if (d.isZero()) throw new IllegalArgumentException("must be more than zero [value=" + text + "] (" + EXAMPLES + ")");
        return d;
    }

    /**
     * The canonical short text: {@code 90 min -> "1h30m"}, {@code 8 days -> "1w1d"}, zero {@code -> "0s"}. A duration
     * with a part below a millisecond is written in ISO-8601 ({@code PT0.0000005S}) so that it still parses back exactly.
     *
     * @throws IllegalArgumentException for a negative duration, which the grammar does not have
     */
    public static String format(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("negative durations are not allowed [value=" + d + "]");
        if (d.isZero()) return "0s";
        if (d.getNano() % 1_000_000 != 0) return d.toString();
        StringBuilder b = new StringBuilder();
        // Work in seconds first: a huge duration's millis overflow a long long before its seconds do.
        long seconds = d.getSeconds();
        for (int i = 0; i < 5; i++) {
            long unitSeconds = UNIT_MILLIS[i] / 1000;
            long n = seconds / unitSeconds;
            if (n > 0) b.append(n).append(UNIT_NAMES[i]);
            seconds -= n * unitSeconds;
        }
        int millis = d.getNano() / 1_000_000;
        if (millis > 0) b.append(millis).append("ms");
        return b.toString();
    }

    private static Duration parseIso(String text, String t) {
        Duration d;
        try {
            d = Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw refused(text, "not an ISO-8601 duration like PT10S or P1DT2H");
        }
        if (d.isNegative()) throw refused(text, "negative durations are not allowed");
        return atMostMax(text, d);
    }

    /** Why a short duration did not match: the first part that breaks the grammar. */
    private static String whyNotShort(String t) {
        if (t.contains(" ")) return "no spaces inside a duration, write e.g. 1h30m";
        if (t.indexOf('.') >= 0 || t.indexOf(',') >= 0) return "no fractions, write e.g. 1500ms or 1m30s";
        Matcher p = PART.matcher(t);
        int at = 0;
        int lastUnit = -1;
        while (p.lookingAt()) {
            String unit = p.group(2);
            int u = NAMES.indexOf(unit);
            if (u < 0) {
                String lower = unit.toLowerCase(Locale.ROOT);
                if (NAMES.contains(lower)) return "units are lower case, write " + p.group(1) + lower;
                return "unknown unit '" + unit + "' (units: w, d, h, m, s, ms)";
            }
            if (u <= lastUnit) return "units must go from largest to smallest, each once (w d h m s ms)";
            lastUnit = u;
            at = p.end();
            p.region(at, t.length());
        }
        String rest = t.substring(at);
        if (!rest.isEmpty() && rest.chars().allMatch(Character::isDigit)) return "'" + rest + "' needs a unit (w, d, h, m, s, ms)";
        return null;
    }

    private static Duration atMostMax(String text, Duration d) {
        if (d.compareTo(MAX) > 0) throw refused(text, "too large: at most about 292 years (" + format(MAX) + ")");
        return d;
    }

    private static IllegalArgumentException refused(String text, String why) {
        return new IllegalArgumentException("not a duration [value=" + text + "]" + (why == null ? "" : ": " + why) + " (" + EXAMPLES + ")");
    }
}
