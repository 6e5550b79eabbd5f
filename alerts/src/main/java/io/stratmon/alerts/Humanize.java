package io.stratmon.alerts;

import java.util.Locale;

/** Prometheus's template number formatting: {@code humanize}, {@code humanize1024}, {@code humanizeDuration}, {@code humanizePercentage}. */
final class Humanize {
    private Humanize() {}

    /** 1234 → "1.234k", 0.0012 → "1.2m" (SI prefixes, 4 significant digits). */
    static String si(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) return g4(v);
        double abs = Math.abs(v);
        if (abs >= 1) {
            String prefix = "";
            for (String p : new String[] {"k", "M", "G", "T", "P", "E", "Z", "Y"}) {
                if (Math.abs(v) < 1000) break;
                prefix = p;
                v /= 1000;
            }
            return g4(v) + prefix;
        }
        String prefix = "";
        for (String p : new String[] {"m", "u", "n", "p", "f", "a", "z", "y"}) {
            if (Math.abs(v) >= 1) break;
            prefix = p;
            v *= 1000;
        }
        return g4(v) + prefix;
    }

    /** 2048 → "2Ki". */
    static String binary(double v) {
        if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) return g4(v);
        String prefix = "";
        for (String p : new String[] {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"}) {
            if (Math.abs(v) < 1024) break;
            prefix = p;
            v /= 1024;
        }
        return g4(v) + prefix;
    }

    /** Seconds as Prometheus prints them: 95 → "1m 35s", 90061 → "1d 1h 1m 1s", 0.25 → "250ms". */
    static String duration(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return g4(v);
        if (v < 0) return "-" + duration(-v);
        if (v == 0) return "0s";
        if (v < 1) {
            String prefix = "";
            for (String p : new String[] {"m", "u", "n", "p", "f", "a", "z", "y"}) {
                if (v >= 1) break;
                prefix = p;
                v *= 1000;
            }
            return g4(v) + prefix + "s";
        }
        long seconds = (long) v;
        long days = seconds / 86400, hours = seconds / 3600 % 24, minutes = seconds / 60 % 60;
        seconds %= 60;
        if (days != 0) return days + "d " + hours + "h " + minutes + "m " + seconds + "s";
        if (hours != 0) return hours + "h " + minutes + "m " + seconds + "s";
        if (minutes != 0) return minutes + "m " + seconds + "s";
        return g4(v) + "s";
    }

    /** 0.1234 → "12.34%". */
    static String percentage(double v) {
        return g4(v * 100) + "%";
    }

    /** Go's {@code %.4g}: 4 significant digits, trailing zeros dropped. */
    static String g4(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == 0) return "0";
        int exp = (int) Math.floor(Math.log10(Math.abs(v)));
        String s;
        if (exp < -4 || exp >= 4) {
            s = String.format(Locale.ROOT, "%.3e", v);
            String mantissa = s.substring(0, s.indexOf('e'));
            if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
            int e = Integer.parseInt(s.substring(s.indexOf('e') + 1));
            return mantissa + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
        }
        s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        return s;
    }
}
