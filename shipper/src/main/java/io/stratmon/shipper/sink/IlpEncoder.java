package io.stratmon.shipper.sink;

import io.questdb.client.std.Numbers;
import io.questdb.client.std.str.StringSink;
import io.stratmon.shipper.mapping.Row;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes rows as InfluxDB line protocol into a growable byte buffer: {@code table,sym=v,... field=value,... <time>\n}.
 * Version 2 (QuestDB 9+) writes doubles in binary, so they arrive bit for bit, and times in microseconds ({@code t});
 * version 1 (older servers) writes doubles as text, formatted by questdb-client's own {@code Numbers}, and the
 * designated time in nanoseconds. Escaping follows QuestDB's own client:
 * names and symbol values escape space, comma, {@code =}, {@code \}, CR and LF with a backslash; string values are
 * quoted and escape {@code "}, {@code \}, CR and LF. Strings are UTF-8.
 * <p>
 * It exists because questdb-client's per-row API costs about a microsecond a row (it validates and escapes every name
 * on every call); here each escaped name is cached and a row is a few array copies. {@code IlpEncoderTest} checks the
 * bytes against questdb-client's for random rows. Not thread-safe.
 */
public final class IlpEncoder {
    /** The type byte of a binary double in version 2 ({@code name==<16><8 bytes little-endian>}). */
    public static final byte DOUBLE_BINARY = 16;
    private static final int MAX_CACHED_NAMES = 4096;
    private static final int SHRINK_ABOVE = 1 << 20;

    private final Map<String, byte[]> names = new HashMap<>();
    private final int protocolVersion;
    private final StringSink number = new StringSink();
    private byte[] buf = new byte[1 << 16];
    private int size;

    /** Protocol version 2. */
    public IlpEncoder() {
        this(2);
    }

    public IlpEncoder(int protocolVersion) {
        if (protocolVersion != 1 && protocolVersion != 2) {
            throw new IllegalArgumentException("ILP protocol version must be 1 or 2 [value=" + protocolVersion + "]");
        }
        this.protocolVersion = protocolVersion;
    }

    /** The ILP protocol version it writes (1 or 2). */
    public int protocolVersion() {
        return protocolVersion;
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    public byte[] buffer() {
        return buf;
    }

    public void reset() {
        size = 0;
    }

    /**
     * Empties the encoder for reuse and gives back a buffer much larger than what its last use needed (so a batch
     * pool kept after a backfill does not hold its largest buffers through a quiet trickle).
     */
    public void recycle() {
        if (buf.length > SHRINK_ABOVE && size < buf.length / 8) buf = new byte[Math.max(1 << 16, size * 2)];
        size = 0;
    }

    /** Appends one row as one line. */
    public void row(Row row) {
        row(row, null, 0);
    }

    /**
     * Appends one row as one line, with the dedup keys {@code _src} (last symbol) and {@code _offset} (last field)
     * when {@code src} is not null; columns of the row with those names are then left out.
     */
    public void row(Row row, String src, long offset) {
        putName(row.table());
        for (Row.Column c : row.columns()) {
            if (c.type() == io.stratmon.shipper.mapping.ColumnType.SYMBOL && (src == null || !isKey(c.name()))) {
                put((byte) ',');
                putName(c.name());
                put((byte) '=');
                putEscaped((String) c.value(), false);
            }
        }
        if (src != null) {
            put((byte) ',');
            putName(TableSetup.SRC);
            put((byte) '=');
            putEscaped(src, false);
        }
        byte separator = ' ';
        for (Row.Column c : row.columns()) {
            if (src != null && isKey(c.name())) continue;
            switch (c.type()) {
                case SYMBOL -> {
                    continue;
                }
                case VARCHAR -> {
                    field(separator, c.name());
                    put((byte) '"');
                    putEscaped((String) c.value(), true);
                    put((byte) '"');
                }
                case DOUBLE -> {
                    field(separator, c.name());
                    putDouble((Double) c.value());
                }
                case LONG -> {
                    field(separator, c.name());
                    putLong((Long) c.value());
                    put((byte) 'i');
                }
                case BOOLEAN -> {
                    field(separator, c.name());
                    put((Boolean) c.value() ? (byte) 't' : (byte) 'f');
                }
                case TIMESTAMP -> {
                    field(separator, c.name());
                    putLong(Math.floorDiv((Long) c.value(), 1000L));
                    put((byte) 't');
                }
            }
            separator = ',';
        }
        if (src != null) {
            field(separator, TableSetup.OFFSET);
            putLong(offset);
            put((byte) 'i');
        }
        endRow(row.timestampNanos());
    }

    /** A DOUBLE field's value, after {@code name=}: binary in version 2, questdb-client's text in version 1. */
    public void putDouble(double value) {
        if (protocolVersion == 2) {
            put((byte) '=');
            put(DOUBLE_BINARY);
            putLongLittleEndian(Double.doubleToRawLongBits(value));
        } else {
            number.clear();
            Numbers.append(number, value);
            putAscii(number);
        }
    }

    /** The designated timestamp and the end of the line. */
    public void endRow(long timestampNanos) {
        put((byte) ' ');
        if (protocolVersion == 2) {
            putLong(Math.floorDiv(timestampNanos, 1000L));
            put((byte) 't');
        } else {
            // Version 1 has no unit suffix: the default precision, nanoseconds (cut to the microseconds QuestDB keeps).
            putLong(Math.floorDiv(timestampNanos, 1000L) * 1000L);
        }
        put((byte) '\n');
    }

    /** A name or symbol value ({@code quoted} false) or a string field's text ({@code quoted} true) escaped as this encoder writes it. */
    public static byte[] escaped(String s, boolean quoted) {
        IlpEncoder e = new IlpEncoder(2);
        e.putEscaped(s, quoted);
        return java.util.Arrays.copyOf(e.buf, e.size);
    }

    /**
     * The buffer, with room for {@code more} bytes at {@link #size()}, for a writer that fills it directly (the
     * single-pass path); it then calls {@link #grown} with the new size. The array may change with every call.
     */
    public byte[] room(int more) {
        ensure(more);
        return buf;
    }

    /** After writing into {@link #room}: the new size. */
    public void grown(int newSize) {
        if (newSize < size || newSize > buf.length) throw new IllegalArgumentException("size out of the buffer [size=" + newSize + "]");
        size = newSize;
    }

    /** Appends bytes as they are (already escaped). */
    public void putBytes(byte[] bytes, int from, int length) {
        ensure(length);
        System.arraycopy(bytes, from, buf, size, length);
        size += length;
    }

    private void putAscii(CharSequence s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) buf[size++] = (byte) s.charAt(i);
    }

    private static boolean isKey(String name) {
        return name.equals(TableSetup.SRC) || name.equals(TableSetup.OFFSET);
    }

    private void field(byte separator, String name) {
        put(separator);
        putName(name);
        put((byte) '=');
    }

    private void putName(String name) {
        byte[] escaped = names.get(name);
        if (escaped == null) {
            int start = size;
            putEscaped(name, false);
            escaped = java.util.Arrays.copyOfRange(buf, start, size);
            if (names.size() < MAX_CACHED_NAMES) names.put(name, escaped);
            return;
        }
        ensure(escaped.length);
        System.arraycopy(escaped, 0, buf, size, escaped.length);
        size += escaped.length;
    }

    /** {@code quoted}: a string field value; otherwise a name or symbol value. */
    private void putEscaped(String s, boolean quoted) {
        int n = s.length();
        ensure(n * 2);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == '\n' || c == '\r' || c == '\\' || (quoted ? c == '"' : (c == ' ' || c == ',' || c == '='))) {
                    buf[size++] = '\\';
                }
                buf[size++] = (byte) c;
                continue;
            }
            // Non-ASCII: the rest of the string as UTF-8 with the same escapes (rare on the hot path).
            putEscapedSlow(s, i, quoted);
            return;
        }
    }

    private void putEscapedSlow(String s, int from, boolean quoted) {
        StringBuilder escaped = new StringBuilder(s.length() - from + 8);
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\\' || (quoted ? c == '"' : (c == ' ' || c == ',' || c == '='))) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        byte[] bytes = escaped.toString().getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    /** A long as decimal digits ({@link Digits}). */
    public void putLong(long v) {
        ensure(20);
        size = Digits.write(v, buf, size);
    }

    private void putLongLittleEndian(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    public void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
