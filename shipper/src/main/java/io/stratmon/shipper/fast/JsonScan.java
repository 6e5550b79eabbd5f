package io.stratmon.shipper.fast;


/**
 * One pass over a line's bytes that reads a JSON object the way the general parser ({@code JsonLineParser}) does, for
 * the shapes logs have: strict JSON, nested objects flattened with {@code _} (up to {@link #MAX_DEPTH} levels), UTF-8
 * checked. Each scalar is handed to {@link Leaves#leaf} with its flattened key and where its text is; nothing is
 * copied. Anything else (arrays, escapes in keys, {@code \\u} surrogates, NaN/Infinity, numbers a long or a double
 * would not read exactly as Jackson does, bad UTF-8, invalid JSON, trailing content) makes {@link #scan} return false:
 * the general path then decides, and says why when it refuses the line.
 */
final class JsonScan {
    /** Value kinds handed to {@link Leaves#leaf}. */
    static final int STRING = 0, LONG = 1, DOUBLE = 2, TRUE = 3, FALSE = 4, NULL = 5;
    static final int MAX_DEPTH = 4;
    private static final int MAX_KEY = 256;
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++, p *= 10) POW10[i] = p;
    }

    /** Receives the scalars of a line, in line order. */
    interface Leaves {
        /**
         * @param key     the flattened key's bytes are {@code key[keyOff..keyOff+keyLen)}
         * @param start   a string's content (between the quotes, still escaped when {@code escaped}), or a number's text
         * @param bits    the value of a LONG, the raw bits of a DOUBLE
         * @return false to send the line to the general path
         */
        boolean leaf(byte[] key, int keyOff, int keyLen, int kind, int start, int length, boolean escaped, long bits);
    }

    private final Leaves leaves;
    private final byte[] key = new byte[MAX_KEY];
    private final char[] digits = new char[64];
    private byte[] b;
    private int pos, end;

    JsonScan(Leaves leaves) {
        this.leaves = leaves;
    }

    boolean scan(byte[] buffer, int from, int length) {
        b = buffer;
        pos = from;
        end = from + length;
        skipWs();
        if (pos >= end || b[pos] != '{') return false;
        pos++;
        if (!object(0, 0)) return false;
        skipWs();
        return pos == end;
    }

    /** The members of an object whose '{' was just read; {@code prefix} bytes of the flattened key are in {@link #key}. */
    private boolean object(int depth, int prefix) {
        skipWs();
        if (pos < end && b[pos] == '}') {
            pos++;
            return true;
        }
        while (true) {
            if (pos >= end || b[pos] != '"') return false;
            int keyStart = ++pos;
            pos = Words.plainRun(b, pos, end);
            while (pos < end && b[pos] != '"') {
                int c = b[pos];
                if (c == '\\' || (c >= 0 && c < 0x20)) return false;
                if (c < 0) {
                    if (!utf8()) return false;
                } else pos++;
            }
            if (pos >= end) return false;
            int keyEnd = pos++;
            skipWs();
            if (pos >= end || b[pos] != ':') return false;
            pos++;
            skipWs();
            if (pos >= end) return false;
            // The flattened key: the name alone at the top (as the general parser does for an empty prefix too).
            byte[] k;
            int kOff, kLen;
            if (prefix == 0) {
                k = b;
                kOff = keyStart;
                kLen = keyEnd - keyStart;
            } else {
                kLen = prefix + 1 + keyEnd - keyStart;
                if (kLen > MAX_KEY) return false;
                key[prefix] = '_';
                System.arraycopy(b, keyStart, key, prefix + 1, keyEnd - keyStart);
                k = key;
                kOff = 0;
            }
            if (!value(depth, k, kOff, kLen)) return false;
            skipWs();
            if (pos >= end) return false;
            byte c = b[pos++];
            if (c == '}') return true;
            if (c != ',') return false;
            skipWs();
        }
    }

    private boolean value(int depth, byte[] k, int kOff, int kLen) {
        byte c = b[pos];
        switch (c) {
            case '{' -> {
                if (depth == MAX_DEPTH || kLen > MAX_KEY) return false;
                if (k != key) System.arraycopy(k, kOff, key, 0, kLen);
                pos++;
                return object(depth + 1, kLen);
            }
            case '"' -> {
                int start = ++pos;
                boolean escaped = false;
                while (true) {
                    pos = Words.plainRun(b, pos, end);
                    if (pos >= end) return false;
                    int x = b[pos];
                    if (x == '"') break;
                    if (x == '\\') {
                        if (!escape()) return false;
                        escaped = true;
                    } else if (x < 0) {
                        if (!utf8()) return false;
                    } else if (x < 0x20) {
                        return false;
                    } else pos++;
                }
                int length = pos++ - start;
                return leaves.leaf(k, kOff, kLen, STRING, start, length, escaped, 0);
            }
            case 't' -> { return literal("true") && leaves.leaf(k, kOff, kLen, TRUE, 0, 0, false, 0); }
            case 'f' -> { return literal("false") && leaves.leaf(k, kOff, kLen, FALSE, 0, 0, false, 0); }
            case 'n' -> { return literal("null") && leaves.leaf(k, kOff, kLen, NULL, 0, 0, false, 0); }
            default -> {
                return (c == '-' || (c >= '0' && c <= '9')) && number(k, kOff, kLen);
            }
        }
    }

    private boolean literal(String word) {
        int n = word.length();
        if (end - pos < n) return false;
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) return false;
        }
        pos += n;
        return true;
    }

    /** A backslash escape JSON allows, except {@code \\u} of a surrogate (a pair is rare; a lone one is refused). */
    private boolean escape() {
        if (pos + 1 >= end) return false;
        switch (b[pos + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                pos += 2;
                return true;
            }
            case 'u' -> {
                if (pos + 6 > end) return false;
                int cp = Words.hex4(b, pos + 2);
                if (cp < 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
                pos += 6;
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** One well-formed UTF-8 sequence at {@link #pos} (no overlong forms, no surrogates, at most U+10FFFF). */
    private boolean utf8() {
        int c = b[pos] & 0xFF;
        int n, min;
        if (c >= 0xC2 && c <= 0xDF) { n = 1; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; min = 0x10000; }
        else return false;
        if (pos + n >= end) return false;
        int cp = c & (0x3F >> n);
        for (int i = 1; i <= n; i++) {
            int x = b[pos + i] & 0xFF;
            if ((x & 0xC0) != 0x80) return false;
            cp = cp << 6 | (x & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        pos += n + 1;
        return true;
    }

    /**
     * A JSON number: an integer of up to 18 digits as a long (Jackson's {@code getLongValue}); a decimal as the double
     * Jackson reads (its fast double parser: correctly rounded, as the exact products below and {@link Decimals} are), unless it is beyond a
     * double or so small it reads as 0, which the general path refuses.
     */
    private boolean number(byte[] k, int kOff, int kLen) {
        int start = pos;
        boolean negative = b[pos] == '-';
        if (negative) pos++;
        if (pos >= end) return false;
        long mantissa = 0;
        int significant = 0, fraction = 0;
        if (b[pos] == '0') {
            pos++;
            if (pos < end && b[pos] >= '0' && b[pos] <= '9') return false; // leading zeros: not JSON
        } else if (b[pos] >= '1' && b[pos] <= '9') {
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                if (significant < 19) mantissa = mantissa * 10 + (b[pos] - '0');
                significant++;
                pos++;
            }
        } else return false;
        boolean decimal = false;
        if (pos < end && b[pos] == '.') {
            decimal = true;
            pos++;
            int digitsStart = pos;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                if (significant > 0 || b[pos] != '0') {
                    if (significant < 19) mantissa = mantissa * 10 + (b[pos] - '0');
                    significant++;
                }
                fraction++;
                pos++;
            }
            if (pos == digitsStart) return false;
        }
        int exponent = 0;
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            decimal = true;
            pos++;
            boolean minus = false;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) minus = b[pos++] == '-';
            int digitsStart = pos;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                if (exponent < 100_000) exponent = exponent * 10 + (b[pos] - '0');
                pos++;
            }
            if (pos == digitsStart) return false;
            if (minus) exponent = -exponent;
        }
        if (!decimal) {
            if (significant > 18) return false;
            return leaves.leaf(k, kOff, kLen, LONG, start, pos - start, false, negative ? -mantissa : mantissa);
        }
        double d;
        if (significant == 0) {
            d = negative ? -0.0 : 0.0;
        } else {
            int e = exponent - fraction;
            // Clinger's fast path: a mantissa and a power of ten both exact as doubles give a correctly rounded product or
            // quotient. Most numbers that Java's Double.toString writes (16 digits) fit, not only those of up to 15.
            if (significant <= 16 && mantissa <= 1L << 53 && e >= -22 && e <= 22) {
                d = e >= 0 ? mantissa * POW10[e] : mantissa / POW10[-e];
            } else {
                // Up to 19 digits the mantissa is exact (as unsigned): Eisel-Lemire, else Jackson's parser.
                d = significant <= 19 ? Decimals.eiselLemire(mantissa, e) : Double.NaN;
                if (Double.isNaN(d)) d = parse(start, pos - start);
                if (Double.isNaN(d)) return false;
            }
            if (Double.isInfinite(d) || d == 0) return false; // beyond a double, or too small for one: refused by the general path
            if (negative && d > 0) d = -d;
        }
        return leaves.leaf(k, kOff, kLen, DOUBLE, start, pos - start, false, Double.doubleToRawLongBits(d));
    }

    /** Jackson's own double parser (the general path reads numbers with it), on the number's text. */
    private double parse(int start, int length) {
        if (length > digits.length) return Double.NaN;
        for (int i = 0; i < length; i++) digits[i] = (char) b[start + i];
        try {
            return com.fasterxml.jackson.core.io.NumberInput.parseDouble(digits, 0, length, true);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private void skipWs() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }
}
