package io.stratmon.shipper.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * How a line's time is written, turned into epoch nanoseconds. Formats ({@code time_format}):
 * <ul>
 *   <li>{@code iso} (default): ISO-8601 / RFC 3339, {@code T} or space, any fraction up to nanoseconds, offset
 *       {@code Z}, {@code +02:00}, {@code +0200} or {@code +02}; without an offset only when a zone is configured;</li>
 *   <li>{@code epoch_s}, {@code epoch_ms}, {@code epoch_us}, {@code epoch_ns} (and Telegraf's {@code unix},
 *       {@code unix_ms}, {@code unix_us}, {@code unix_ns}): a JSON number or a string of digits, fractions allowed;</li>
 *   <li>a Go layout as Telegraf writes it ({@code 2006-01-02T15:04:05.999999Z}) or one of Telegraf's names for Go's
 *       constants ({@code rfc3339}, {@code rfc3339nano}, {@code ansic}, {@code stampmilli}...), see {@link GoLayout}.</li>
 * </ul>
 * The common shape ({@code 2026-11-27T10:00:00.123456Z}) goes through {@link Timestamps#fastIso} first: this runs
 * once per line. {@link #nanos} never throws: it returns {@link #INVALID} for a value it cannot read, and
 * {@link #OUT_OF_RANGE} for a time it reads that a nanosecond long cannot hold (before 1677-09-21 or after 2262-04-11);
 * it never wraps around. A fraction finer than a nanosecond is cut (towards the past), never rounded up.
 */
public abstract class TimeFormat {
    /** Returned by {@link #nanos} when the value is not a time in this format. */
    public static final long INVALID = Long.MIN_VALUE;
    /** Returned by {@link #nanos} for a time it reads but that epoch nanoseconds in a long cannot hold. */
    public static final long OUT_OF_RANGE = Long.MIN_VALUE + 1;

    private final String spec;

    private TimeFormat(String spec) {
        this.spec = spec;
    }

    /** The format as configured, e.g. {@code iso} or {@code 2006-01-02T15:04:05Z07:00}. */
    public String spec() {
        return spec;
    }

    /** Epoch nanoseconds of a JSON value (String, Long, Double, BigInteger, BigDecimal), {@link #INVALID} or {@link #OUT_OF_RANGE}. */
    public abstract long nanos(Object value);

    @Override
    public String toString() {
        return spec;
    }

    /**
     * The fast path's reading of a time written as a JSON string without escapes, its bytes {@code b[off..off+n)}:
     * what {@link #nanos} gives for that string, or {@link #INVALID} when only {@link #nanos} can tell (the single-pass
     * converter then hands the line to the general one). Never a different answer than {@link #nanos}.
     */
    public final long fastNanos(byte[] b, int off, int n) {
        return fastNanos(b, off, n, null);
    }

    /** {@link #fastNanos(byte[], int, int)} keeping the last minute read in {@code cache}, or none (the same answers, sooner). */
    public long fastNanos(byte[] b, int off, int n, Timestamps.Minute cache) {
        return INVALID;
    }

    /** The same for a time written as a JSON integer (that fits a long). */
    public long fastNanos(long integer) {
        return INVALID;
    }

    /**
     * The format for a {@code time_format} value; {@code zone} (may be null) applies to times written without an offset.
     * Throws IllegalArgumentException with the reason for an unknown format.
     */
    public static TimeFormat of(String spec, ZoneId zone) {
        String s = spec == null ? "iso" : spec.trim();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "iso", "iso8601", "iso-8601": return new Iso(s, zone);
            case "epoch_s", "unix", "epoch": return new Epoch(s, 1_000_000_000L);
            case "epoch_ms", "unix_ms": return new Epoch(s, 1_000_000L);
            case "epoch_us", "unix_us": return new Epoch(s, 1_000L);
            case "epoch_ns", "unix_ns": return new Epoch(s, 1L);
            default: break;
        }
        String layout = GoLayout.named(s);
        if (layout == null) {
            if (!GoLayout.looksLikeLayout(s)) {
                throw new IllegalArgumentException("unknown time format: use iso, epoch_s, epoch_ms, epoch_us, epoch_ns, "
                        + "a Telegraf name (rfc3339, rfc3339nano, unix_ms...) or a Go layout like 2006-01-02T15:04:05Z07:00");
            }
            layout = s;
        }
        return new Layout(s, layout, zone == null ? ZoneOffset.UTC : zone);
    }

    /** ISO-8601 / RFC 3339, lenient about the separator, the fraction and the offset's shape. */
    static final class Iso extends TimeFormat {
        private static final DateTimeFormatter LENIENT = new DateTimeFormatterBuilder().parseCaseInsensitive()
                .append(DateTimeFormatter.ISO_LOCAL_DATE)
                .optionalStart().appendLiteral('T').optionalEnd()
                .optionalStart().appendLiteral(' ').optionalEnd()
                .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
                .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
                .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
                .optionalStart().appendLiteral(',').appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, false).optionalEnd()
                .optionalEnd()
                .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
                .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
                .optionalStart().appendOffset("+HH", "Z").optionalEnd()
                .toFormatter(Locale.ROOT).withResolverStyle(java.time.format.ResolverStyle.STRICT)
                .withChronology(java.time.chrono.IsoChronology.INSTANCE);

        private final ZoneId zone;

        Iso(String spec, ZoneId zone) {
            super(spec);
            this.zone = zone;
        }

        @Override
        public long nanos(Object value) {
            if (!(value instanceof String s)) return INVALID;
            long fast = Timestamps.fastIso(s);
            if (fast != Long.MIN_VALUE) return fast;
            try {
                TemporalAccessor t = LENIENT.parse(s.trim());
                if (t.isSupported(ChronoField.OFFSET_SECONDS)) return toNanos(OffsetDateTime.from(t).toInstant());
                if (zone == null) return INVALID;
                return toNanos(LocalDateTime.from(t).atZone(zone).toInstant());
            } catch (ArithmeticException e) {
                return OUT_OF_RANGE;
            } catch (DateTimeException e) {
                return INVALID;
            }
        }

        @Override
        public long fastNanos(byte[] b, int off, int n, Timestamps.Minute cache) {
            return Timestamps.fastIso(b, off, n, cache);
        }

        /** Whether zone-less times are refused (no zone configured). */
        boolean needsOffset() {
            return zone == null;
        }
    }

    /** Seconds, millis, micros or nanos since the epoch, as a number or a string. */
    static final class Epoch extends TimeFormat {
        private final long nanosPerUnit;

        Epoch(String spec, long nanosPerUnit) {
            super(spec);
            this.nanosPerUnit = nanosPerUnit;
        }

        @Override
        public long nanos(Object value) {
            try {
                if (value instanceof Long l) return Math.multiplyExact(l, nanosPerUnit);
                if (value instanceof Double d) {
                    if (d.isNaN()) return INVALID;
                    if (d.isInfinite()) return OUT_OF_RANGE;
                    // Double.toString is the shortest text that reads back as the same double: the logged digits.
                    return scaled(new BigDecimal(Double.toString(d)));
                }
                // The parser keeps the time key's decimals exact (a double holds ~16 digits, an epoch in ns has 19).
                if (value instanceof BigDecimal b) return scaled(b);
                if (value instanceof BigInteger b) return scaled(new BigDecimal(b));
                if (value instanceof String s) {
                    String t = s.trim();
                    if (t.isEmpty() || !numeric(t)) return INVALID;
                    if (t.length() > 40) return OUT_OF_RANGE;
                    return scaled(new BigDecimal(t));
                }
            } catch (ArithmeticException e) {
                return OUT_OF_RANGE;
            } catch (NumberFormatException e) {
                return INVALID;
            }
            return INVALID;
        }

        @Override
        public long fastNanos(long integer) {
            long hi = Math.multiplyHigh(integer, nanosPerUnit), lo = integer * nanosPerUnit;
            // Overflow (which nanos() reports as OUT_OF_RANGE) has no fast answer.
            return (hi == 0 && lo >= 0) || (hi == -1 && lo < 0) ? lo : INVALID;
        }

        private long scaled(BigDecimal v) {
            if (v.precision() - v.scale() > 40) return OUT_OF_RANGE; // more than 40 integer digits: no unit fits
            if (v.scale() > 100) return INVALID; // 1e-999999999: cutting it would cost a billion-digit division
            long nanos = v.multiply(BigDecimal.valueOf(nanosPerUnit)).setScale(0, RoundingMode.FLOOR).longValueExact();
            return nanos == INVALID || nanos == OUT_OF_RANGE ? OUT_OF_RANGE : nanos;
        }

        private static boolean numeric(String t) {
            int dots = 0;
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c == '.') dots++;
                else if ((c < '0' || c > '9') && !(i == 0 && (c == '-' || c == '+'))) return false;
            }
            return dots <= 1 && !t.equals(".") && !t.equals("-") && !t.equals("+");
        }
    }

    /** A Go layout; the ISO-shaped ones try the fast path first when Go would read the text the same way. */
    static final class Layout extends TimeFormat {
        private final DateTimeFormatter formatter;
        private final int fastZone; // 0: no fast path; 1: literal Z in UTC; 2: Z07:00
        private final int fixedFraction; // -1: any fraction; else exactly this many digits

        Layout(String spec, String layout, ZoneId zone) {
            super(spec);
            this.formatter = GoLayout.compile(layout, zone, java.time.Year.now(ZoneOffset.UTC).getValue());
            int fz = 0, ff = -1;
            String head = "2006-01-02T15:04:05";
            if (layout.startsWith(head)) {
                String rest = layout.substring(head.length());
                String frac = "";
                if (rest.startsWith(".0") || rest.startsWith(".9")) {
                    int j = 1;
                    while (j < rest.length() && rest.charAt(j) == rest.charAt(1)) j++;
                    frac = rest.substring(0, j);
                    rest = rest.substring(j);
                }
                if (rest.equals("Z07:00")) fz = 2;
                else if (rest.equals("Z") && ZoneOffset.UTC.equals(zone.normalized())) fz = 1;
                if (frac.startsWith(".0")) ff = frac.length() - 1;
            }
            this.fastZone = fz;
            this.fixedFraction = ff;
        }

        @Override
        public long nanos(Object value) {
            if (!(value instanceof String s)) return INVALID;
            if (fastZone != 0 && fastShape(s)) {
                long fast = Timestamps.fastIso(s);
                if (fast != Long.MIN_VALUE) return fast;
            }
            try {
                return toNanos(Instant.from(formatter.parse(s)));
            } catch (ArithmeticException e) {
                return OUT_OF_RANGE;
            } catch (DateTimeException e) {
                return INVALID;
            }
        }

        @Override
        public long fastNanos(byte[] b, int off, int n, Timestamps.Minute cache) {
            return fastZone != 0 && fastShape(b, off, n) ? Timestamps.fastIso(b, off, n, cache) : INVALID;
        }

        /** {@link #fastShape(String)} of ASCII bytes. */
        private boolean fastShape(byte[] b, int off, int n) {
            if (n < 20 || b[off + 10] != 'T') return false;
            int digits = 0;
            if (b[off + 19] == '.') {
                for (int i = 20; i < n && b[off + i] >= '0' && b[off + i] <= '9'; i++) digits++;
            }
            if (fixedFraction >= 0 && digits != fixedFraction) return false;
            byte last = b[off + n - 1];
            if (fastZone == 1) return last == 'Z';
            return last == 'Z' || (n >= 6 && (b[off + n - 6] == '+' || b[off + n - 6] == '-'));
        }

        /** Go is stricter than the fast path: 'T', the fraction's width and the zone's form must match the layout. */
        private boolean fastShape(String s) {
            int n = s.length();
            if (n < 20 || s.charAt(10) != 'T') return false;
            int digits = 0;
            if (s.charAt(19) == '.') {
                for (int i = 20; i < n && Character.isDigit(s.charAt(i)); i++) digits++;
            }
            if (fixedFraction >= 0 && digits != fixedFraction) return false;
            char last = s.charAt(n - 1);
            if (fastZone == 1) return last == 'Z';
            return last == 'Z' || (n >= 6 && (s.charAt(n - 6) == '+' || s.charAt(n - 6) == '-'));
        }
    }

    static long toNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }
}
