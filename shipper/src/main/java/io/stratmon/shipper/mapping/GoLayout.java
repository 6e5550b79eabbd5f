package io.stratmon.shipper.mapping;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * A Go reference-time layout ({@code 2006-01-02T15:04:05.999999Z07:00}), as Telegraf's {@code json_time_format}
 * takes it, compiled to a {@link DateTimeFormatter} with Go's parsing rules: {@code .000} needs exactly that many
 * fraction digits, {@code .999} takes any (or none), and a fraction is accepted after the seconds even when the layout
 * has none; {@code Z07:00} takes {@code Z} or an offset, {@code -07:00} an offset only; any other character,
 * including a lone {@code Z}, is a literal. Times without an offset are in the configured zone (Telegraf's
 * {@code json_timezone}, UTC by default); a layout without a year (the {@code stamp} ones) means this year.
 */
final class GoLayout {
    private GoLayout() {}

    /** Telegraf's names for Go's layout constants (internal.ParseTimestamp), lower case. */
    static String named(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "ansic" -> "Mon Jan _2 15:04:05 2006";
            case "unixdate" -> "Mon Jan _2 15:04:05 MST 2006";
            case "rubydate" -> "Mon Jan 02 15:04:05 -0700 2006";
            case "rfc822" -> "02 Jan 06 15:04 MST";
            case "rfc822z" -> "02 Jan 06 15:04 -0700";
            case "rfc850" -> "Monday, 02-Jan-06 15:04:05 MST";
            case "rfc1123" -> "Mon, 02 Jan 2006 15:04:05 MST";
            case "rfc1123z" -> "Mon, 02 Jan 2006 15:04:05 -0700";
            case "rfc3339" -> "2006-01-02T15:04:05Z07:00";
            case "rfc3339nano" -> "2006-01-02T15:04:05.999999999Z07:00";
            case "stamp" -> "Jan _2 15:04:05";
            case "stampmilli" -> "Jan _2 15:04:05.000";
            case "stampmicro" -> "Jan _2 15:04:05.000000";
            case "stampnano" -> "Jan _2 15:04:05.000000000";
            default -> null;
        };
    }

    /** Whether the text looks like a Go layout at all (holds one of the reference time's elements). */
    static boolean looksLikeLayout(String format) {
        return format.contains("2006") || format.contains("15:04") || format.contains("Jan") || format.contains("01-02")
                || format.contains("01/02") || format.contains("02/01");
    }

    /** The formatter for a layout; throws IllegalArgumentException when it holds no date or time element. */
    static DateTimeFormatter compile(String layout, ZoneId zone, int defaultYear) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder().parseCaseInsensitive();
        boolean hasYear = false, hasElement = false, hasFraction = false;
        int i = 0, n = layout.length();
        while (i < n) {
            String rest = layout.substring(i);
            int consumed;
            if (rest.startsWith("January")) { b.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.FULL); consumed = 7; }
            else if (rest.startsWith("Jan")) { b.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.SHORT); consumed = 3; }
            else if (rest.startsWith("Monday")) { b.appendText(ChronoField.DAY_OF_WEEK, TextStyle.FULL); consumed = 6; }
            else if (rest.startsWith("Mon")) { b.appendText(ChronoField.DAY_OF_WEEK, TextStyle.SHORT); consumed = 3; }
            else if (rest.startsWith("MST")) { b.appendZoneText(TextStyle.SHORT); consumed = 3; }
            else if (rest.startsWith("2006")) { b.appendValue(ChronoField.YEAR, 4); hasYear = true; consumed = 4; }
            else if (rest.startsWith("002")) { b.appendValue(ChronoField.DAY_OF_YEAR, 3); consumed = 3; }
            else if (rest.startsWith("01")) { b.appendValue(ChronoField.MONTH_OF_YEAR, 2); consumed = 2; }
            else if (rest.startsWith("02")) { b.appendValue(ChronoField.DAY_OF_MONTH, 2); consumed = 2; }
            else if (rest.startsWith("03")) { b.appendValue(ChronoField.CLOCK_HOUR_OF_AMPM, 2); consumed = 2; }
            else if (rest.startsWith("04")) { b.appendValue(ChronoField.MINUTE_OF_HOUR, 2); consumed = 2; }
            else if (rest.startsWith("05")) { b.appendValue(ChronoField.SECOND_OF_MINUTE, 2); seconds(b, layout, i + 2); consumed = 2; }
            else if (rest.startsWith("06")) { b.appendValueReduced(ChronoField.YEAR, 2, 2, 1969); hasYear = true; consumed = 2; }
            else if (rest.startsWith("15")) { b.appendValue(ChronoField.HOUR_OF_DAY, 1, 2, SignStyle.NOT_NEGATIVE); consumed = 2; }
            else if (rest.startsWith("__2")) { b.padNext(3, ' ').appendValue(ChronoField.DAY_OF_YEAR); consumed = 3; }
            else if (rest.startsWith("_2")) {
                b.optionalStart().appendLiteral(' ').optionalEnd().appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE);
                consumed = 2;
            }
            else if (rest.startsWith("1")) { b.appendValue(ChronoField.MONTH_OF_YEAR, 1, 2, SignStyle.NOT_NEGATIVE); consumed = 1; }
            else if (rest.startsWith("2")) { b.appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE); consumed = 1; }
            else if (rest.startsWith("3")) { b.appendValue(ChronoField.CLOCK_HOUR_OF_AMPM, 1, 2, SignStyle.NOT_NEGATIVE); consumed = 1; }
            else if (rest.startsWith("4")) { b.appendValue(ChronoField.MINUTE_OF_HOUR, 1, 2, SignStyle.NOT_NEGATIVE); consumed = 1; }
            else if (rest.startsWith("5")) { b.appendValue(ChronoField.SECOND_OF_MINUTE, 1, 2, SignStyle.NOT_NEGATIVE); seconds(b, layout, i + 1); consumed = 1; }
            else if (rest.startsWith("PM") || rest.startsWith("pm")) { b.appendText(ChronoField.AMPM_OF_DAY); consumed = 2; }
            else if ((consumed = offset(b, rest)) > 0) { /* appended */ }
            else if ((consumed = fraction(rest)) > 0) {
                int digits = consumed - 1;
                boolean fixed = rest.charAt(1) == '0';
                if (rest.charAt(0) == '.') {
                    if (fixed) b.appendFraction(ChronoField.NANO_OF_SECOND, digits, digits, true);
                    else b.optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd();
                } else {
                    if (fixed) b.appendLiteral(',').appendFraction(ChronoField.NANO_OF_SECOND, digits, digits, false);
                    else b.optionalStart().appendLiteral(',').appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, false).optionalEnd();
                }
                hasFraction = true;
            }
            else { b.appendLiteral(layout.charAt(i)); i++; continue; }
            hasElement = true;
            i += consumed;
        }
        if (!hasElement) throw new IllegalArgumentException("not a Go time layout: it holds no element of 2006-01-02T15:04:05Z07:00");
        if (!hasYear) b.parseDefaulting(ChronoField.YEAR, defaultYear);
        return b.toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT).withZone(zone)
                .withChronology(java.time.chrono.IsoChronology.INSTANCE);
    }

    /** Go accepts a fraction right after the seconds even when the layout has none. */
    private static void seconds(DateTimeFormatterBuilder b, String layout, int after) {
        if (fraction(layout.substring(after)) > 0) return;
        b.optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd();
    }

    /** Length of a {@code .000}/{@code .999} (or comma) fraction element at the start, or 0. */
    private static int fraction(String s) {
        if (s.length() < 2 || (s.charAt(0) != '.' && s.charAt(0) != ',') || (s.charAt(1) != '0' && s.charAt(1) != '9')) return 0;
        char digit = s.charAt(1);
        int j = 1;
        while (j < s.length() && s.charAt(j) == digit) j++;
        if (j < s.length() && Character.isDigit(s.charAt(j))) return 0;
        return j;
    }

    private static int offset(DateTimeFormatterBuilder b, String s) {
        String[][] forms = {
                {"Z07:00:00", "+HH:MM:SS"}, {"-07:00:00", "+HH:MM:SS"}, {"Z070000", "+HHMMSS"}, {"-070000", "+HHMMSS"},
                {"Z07:00", "+HH:MM"}, {"-07:00", "+HH:MM"}, {"Z0700", "+HHMM"}, {"-0700", "+HHMM"}, {"Z07", "+HH"}, {"-07", "+HH"}};
        for (String[] f : forms) {
            if (s.startsWith(f[0])) {
                // Java prints/parses zero offsets as the given text: "Z" for Z-forms; "+00:00" style otherwise.
                b.appendOffset(f[1], f[0].charAt(0) == 'Z' ? "Z" : zeroText(f[1]));
                return f[0].length();
            }
        }
        return 0;
    }

    private static String zeroText(String pattern) {
        return switch (pattern) {
            case "+HH:MM:SS" -> "+00:00:00";
            case "+HHMMSS" -> "+000000";
            case "+HH:MM" -> "+00:00";
            case "+HHMM" -> "+0000";
            default -> "+00";
        };
    }
}
