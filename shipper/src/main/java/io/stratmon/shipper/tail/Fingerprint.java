package io.stratmon.shipper.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What a file's content starts with: a 64-bit hash of its first line (at most {@value #MAX_BYTES} bytes).
 * It tells a file from another that got the same inode (inode reuse), notices a file truncated and rewritten
 * (copytruncate, even to the same size or larger), and recognises a copy of a file (the {@code .1} of copytruncate).
 * It is stable from the moment the first line is complete, which is also the first moment a line can be shipped.
 */
public final class Fingerprint {
    public static final int MAX_BYTES = 1024;
    /** The file has no complete first line yet: nothing can be shipped from it, so no identity is needed. */
    public static final long NOT_YET = 0;

    private Fingerprint() {}

    /** The fingerprint of the file open in {@code channel}, or {@link #NOT_YET}. */
    public static long of(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(MAX_BYTES);
        while (head.hasRemaining()) {
            if (channel.read(head, head.position()) <= 0) break;
        }
        int n = head.position();
        byte[] bytes = head.array();
        int end = -1;
        for (int i = 0; i < n; i++) {
            if (bytes[i] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            if (n < MAX_BYTES) return NOT_YET;
            end = MAX_BYTES;
        }
        return hash(bytes, end);
    }

    private static long hash(byte[] bytes, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(bytes, 0, length);
            byte[] d = sha.digest();
            long h = 0;
            for (int i = 0; i < 8; i++) h = (h << 8) | (d[i] & 0xFF);
            return h == NOT_YET ? 1 : h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The fingerprint as 16 hex digits: the {@code _src} value that tells lines of different files apart. */
    public static String hex(long fingerprint) {
        String s = Long.toHexString(fingerprint);
        return "0".repeat(16 - s.length()) + s;
    }
}
