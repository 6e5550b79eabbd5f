package io.stratmon.shipper.tail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a file is, not where it is: device and inode, so that {@code mv app.log app.log.1} keeps the identity
 * and a checkpoint stays with the bytes it describes.
 */
public record FileId(long device, long inode) {
    public static final FileId UNKNOWN = new FileId(-1, -1);

    /** The identity of the file a path points to now (symlinks followed). */
    public static FileId of(Path path) throws IOException {
        Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        if (key == null) {
            // No inode on this platform: fall back to the path's hash, losing rename tracking.
            return new FileId(0, path.toAbsolutePath().toString().hashCode());
        }
        // On Linux/macOS fileKey() prints as "(dev=<hex>,ino=<decimal>)" (sun.nio.fs.UnixFileKey).
        String text = key.toString();
        return new FileId(number(text, "dev=", 16), number(text, "ino=", 10));
    }

    private static long number(String text, String label, int radix) {
        int start = text.indexOf(label);
        if (start < 0) return -1;
        start += label.length();
        int end = start;
        while (end < text.length() && Character.digit(text.charAt(end), radix) >= 0) end++;
        return Long.parseUnsignedLong(text.substring(start, end), radix);
    }

    @Override
    public String toString() {
        return device + ":" + inode;
    }
}
