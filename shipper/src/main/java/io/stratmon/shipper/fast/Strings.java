package io.stratmon.shipper.fast;

import io.stratmon.shipper.sink.IlpEncoder;

/**
 * A JSON string's content (UTF-8, checked by {@link JsonScan}) written as ILP: JSON escapes decoded, then ILP's
 * escapes added as {@code IlpEncoder} adds them to a String (names and symbols: space, comma, {@code =}, backslash, CR,
 * LF; string fields: {@code "}, backslash, CR, LF). Every escaped character is ASCII, so working on bytes gives the
 * same bytes as working on chars and encoding UTF-8.
 */
final class Strings {
    private Strings() {}

    static void write(byte[] b, int start, int length, boolean jsonEscapes, boolean quoted, IlpEncoder out) {
        byte[] buf = out.room(2 * length);
        out.grown(write(b, start, length, jsonEscapes, quoted, buf, out.size()));
    }

    /**
     * The same into {@code buf} at {@code at}, which has room for {@code 2 * length} bytes (no escape writes more than
     * twice its input); returns where it ends. A string without escapes nor bytes ILP escapes is one array copy: a
     * string field without JSON escapes has none ({@link JsonScan} refuses raw CR and LF, and a raw {@code "} or
     * {@code \\} cannot be in it), a name or symbol is looked at for space, comma and {@code =}.
     */
    static int write(byte[] b, int start, int length, boolean jsonEscapes, boolean quoted, byte[] buf, int at) {
        if (!jsonEscapes && (quoted || plain(b, start, length))) {
            System.arraycopy(b, start, buf, at, length);
            return at + length;
        }
        int end = start + length;
        for (int i = start; i < end; i++) {
            int c = b[i];
            if (c == '\\' && jsonEscapes) {
                byte e = b[++i];
                int cp;
                switch (e) {
                    case 'b' -> cp = '\b';
                    case 'f' -> cp = '\f';
                    case 'n' -> cp = '\n';
                    case 'r' -> cp = '\r';
                    case 't' -> cp = '\t';
                    case 'u' -> {
                        cp = Words.hex4(b, i + 1);
                        i += 4;
                    }
                    default -> cp = e; // " \ /
                }
                if (cp < 0x80) {
                    at = ascii(buf, at, cp, quoted);
                } else if (cp < 0x800) {
                    buf[at++] = (byte) (0xC0 | cp >> 6);
                    buf[at++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    buf[at++] = (byte) (0xE0 | cp >> 12);
                    buf[at++] = (byte) (0x80 | (cp >> 6 & 0x3F));
                    buf[at++] = (byte) (0x80 | (cp & 0x3F));
                }
            } else if (c < 0) {
                buf[at++] = (byte) c;
            } else {
                at = ascii(buf, at, c, quoted);
            }
        }
        return at;
    }

    /** No byte of a JSON string without escapes that ILP escapes in a name or symbol (space, comma, {@code =}). */
    private static boolean plain(byte[] b, int start, int length) {
        for (int i = start, end = start + length; i < end; i++) {
            int c = b[i];
            if (c == ' ' || c == ',' || c == '=') return false;
        }
        return true;
    }

    private static int ascii(byte[] buf, int at, int c, boolean quoted) {
        if (c == '\n' || c == '\r' || c == '\\' || (quoted ? c == '"' : (c == ' ' || c == ',' || c == '='))) {
            buf[at++] = '\\';
        }
        buf[at++] = (byte) c;
        return at;
    }
}
