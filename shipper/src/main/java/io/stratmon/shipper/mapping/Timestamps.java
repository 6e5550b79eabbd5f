package io.stratmon.shipper.mapping;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 / RFC 3339 timestamps to epoch nanoseconds. The shape every JSON logger writes
 * ({@code 2026-11-27T10:00:00.123456Z}, any fraction, {@code Z} or an offset) takes a hand-written fast path
 * (this runs once per line); anything else falls back to {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}.
 */
public final class Timestamps {
    private Timestamps() {}

    /** Epoch nanoseconds of an ISO-8601 date-time with a zone offset; throws DateTimeParseException if it is not one. */
    public static long parseIsoNanos(String text) {
        long fast = fastIso(text);
        if (fast != Long.MIN_VALUE) return fast;
        OffsetDateTime t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /** Long.MIN_VALUE when the text is not in the common shape (the slow path then decides). */
    static long fastIso(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != ' ')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        int i = 19;
        long nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            int start = i;
            long scale = 100_000_000L;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (i - start >= 9) return Long.MIN_VALUE;
                nanos += (s.charAt(i) - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start) return Long.MIN_VALUE;
        }
        if (i >= n) return Long.MIN_VALUE;
        long offsetSeconds;
        char z = s.charAt(i);
        if ((z == 'Z' || z == 'z') && i == n - 1) {
            offsetSeconds = 0;
        } else if ((z == '+' || z == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2), om = digits(s, i + 4, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) return Long.MIN_VALUE;
            offsetSeconds = (z == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
        } else {
            return Long.MIN_VALUE;
        }
        long epochSeconds = daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        // Beyond a nanosecond long (years before 1678 or after 2261): the slow path says so instead of wrapping around.
        if (epochSeconds < -9_223_372_035L || epochSeconds > 9_223_372_035L) return Long.MIN_VALUE;
        return epochSeconds * 1_000_000_000L + nanos;
    }

    /**
     * {@link #fastIso(String)} of the ASCII text in {@code b[off..off+n)}, for the single-pass path: the same answer
     * for the same text, without making a String. Non-ASCII bytes give Long.MIN_VALUE (the String version would not
     * take such text either).
     */
    public static long fastIso(byte[] b, int off, int n) {
        return fastIso(b, off, n, null);
    }

    /**
     * The minute ({@code yyyy-MM-ddTHH:mm}, the first 16 bytes) of the last time read and its epoch second: the lines of
     * a log mostly share it with the line before, so the date is checked and converted once a minute, not once a line.
     * One per reader (not thread-safe).
     */
    public static final class Minute {
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private long head, tail;
        private long seconds = Long.MIN_VALUE; // nothing cached yet
    }

    /** {@link #fastIso(byte[], int, int)} with the minute of the previous call kept in {@code cache} (null: none). */
    public static long fastIso(byte[] b, int off, int n, Minute cache) {
        if (n < 20) return Long.MIN_VALUE;
        long minuteSeconds;
        long head = 0, tail = 0;
        if (cache != null) {
            head = (long) Minute.LONGS.get(b, off);
            tail = (long) Minute.LONGS.get(b, off + 8);
        }
        if (cache != null && cache.seconds != Long.MIN_VALUE && head == cache.head && tail == cache.tail) {
            minuteSeconds = cache.seconds;
        } else {
            minuteSeconds = minute(b, off);
            if (minuteSeconds == Long.MIN_VALUE) return Long.MIN_VALUE;
            if (cache != null) {
                cache.head = head;
                cache.tail = tail;
                cache.seconds = minuteSeconds;
            }
        }
        if (b[off + 16] != ':') return Long.MIN_VALUE;
        int second = digits(b, off + 17, 2);
        if (second < 0 || second > 59) return Long.MIN_VALUE;
        int i = 19;
        long nanos = 0;
        if (i < n && b[off + i] == '.') {
            i++;
            int start = i;
            long scale = 100_000_000L;
            while (i < n && b[off + i] >= '0' && b[off + i] <= '9') {
                if (i - start >= 9) return Long.MIN_VALUE;
                nanos += (b[off + i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start) return Long.MIN_VALUE;
        }
        if (i >= n) return Long.MIN_VALUE;
        long offsetSeconds;
        byte z = b[off + i];
        if ((z == 'Z' || z == 'z') && i == n - 1) {
            offsetSeconds = 0;
        } else if ((z == '+' || z == '-') && i + 6 == n && b[off + i + 3] == ':') {
            int oh = digits(b, off + i + 1, 2), om = digits(b, off + i + 4, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) return Long.MIN_VALUE;
            offsetSeconds = (z == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
        } else {
            return Long.MIN_VALUE;
        }
        long epochSeconds = minuteSeconds + second - offsetSeconds;
        if (epochSeconds < -9_223_372_035L || epochSeconds > 9_223_372_035L) return Long.MIN_VALUE;
        return epochSeconds * 1_000_000_000L + nanos;
    }

    /** The epoch second of {@code yyyy-MM-ddTHH:mm} (or with a space for the T) at {@code off}, or Long.MIN_VALUE. */
    private static long minute(byte[] b, int off) {
        if (b[off + 4] != '-' || b[off + 7] != '-' || (b[off + 10] != 'T' && b[off + 10] != ' ') || b[off + 13] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, off, 4), month = digits(b, off + 5, 2), day = digits(b, off + 8, 2);
        int hour = digits(b, off + 11, 2), minute = digits(b, off + 14, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return Long.MIN_VALUE;
        }
        return daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L;
    }

    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            byte c = b[i];
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
