package io.stratmon.shipper.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Recognises rotated logs compressed in place, which must not be parsed as lines. */
final class Compression {
    private Compression() {}

    /** gzip, bzip2, xz, zstd and zip magic numbers. */
    static boolean isCompressed(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(6);
        channel.read(head, 0);
        byte[] b = head.array();
        int n = head.position();
        return (n >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B)
                || (n >= 3 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h')
                || (n >= 6 && (b[0] & 0xFF) == 0xFD && b[1] == '7' && b[2] == 'z' && b[3] == 'X' && b[4] == 'Z' && b[5] == 0)
                || (n >= 4 && (b[0] & 0xFF) == 0x28 && (b[1] & 0xFF) == 0xB5 && (b[2] & 0xFF) == 0x2F && (b[3] & 0xFF) == 0xFD)
                || (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4);
    }
}
