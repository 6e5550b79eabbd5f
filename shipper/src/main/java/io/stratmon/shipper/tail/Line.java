package io.stratmon.shipper.tail;

import java.nio.charset.StandardCharsets;

/**
 * One complete line of a tailed file, without its line terminator, as a view on the bytes of the {@link Batch} it
 * came in (do not change them).
 *
 * @param source the file it came from
 * @param offset byte offset of the line's first byte in that file
 * @param next   byte offset just after the line's terminator: where reading resumes once this line is shipped
 */
public record Line(FileSource source, long offset, long next, byte[] buffer, int start, int length) implements Batch.Item {

    public String text() {
        return new String(buffer, start, length, StandardCharsets.UTF_8);
    }

    public byte[] copyBytes() {
        byte[] copy = new byte[length];
        System.arraycopy(buffer, start, copy, 0, length);
        return copy;
    }

    /** A line built from text, for tests and tools. */
    public static Line of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new Line(FileSource.UNKNOWN, 0, bytes.length + 1L, bytes, 0, bytes.length);
    }
}
