package io.stratmon.shipper.tail;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads one file from an offset and hands out its complete lines. A line is complete only with its {@code \n}:
 * a partial last line waits for the writer to finish it. {@code \r\n} endings are accepted, empty lines skipped.
 * Lines longer than {@code maxLineBytes} are not buffered: they are reported to {@link LineConsumer#tooLong} and skipped.
 * The {@link FileTailer} reads every file through one of these into a {@link Batch}.
 * <p>
 * The tailer only moves its in-memory read position; what is durable is decided by whoever commits checkpoints.
 * Not thread-safe.
 */
public final class Tailer implements Closeable {
    private static final int INITIAL_BUFFER = 64 * 1024;

    /** Receives the lines of a file, in order: {@code buf[start, start + length)} is valid only during the call. */
    public interface LineConsumer {
        void accept(FileSource source, long offset, long next, byte[] buf, int start, int length);

        /** A line longer than the limit was skipped; {@code offset} is where it starts, {@code length} its length so far. */
        default void tooLong(FileSource source, long offset, long length) {}
    }

    private FileSource source;
    private final FileChannel channel;
    private final int maxLineBytes;
    private byte[] buf = new byte[INITIAL_BUFFER];
    private int head;          // first byte not yet handed out
    private int tail;          // end of valid data in buf
    private long headOffset;   // file offset of buf[head]
    private int scanFrom;      // where to resume looking for '\n' (avoids rescanning a long partial line)
    private long skipping = -1; // offset of an over-long line being skipped, or -1
    private int linesLeft;
    /** The last bytes handed out (ending at {@code lastEnd}): a rewrite that keeps the first line changes them. */
    private final byte[] lastBytes = new byte[32];
    private int lastLength;
    private long lastEnd = -1;

    private Tailer(FileSource source, FileChannel channel, long offset, int maxLineBytes) {
        this.source = source;
        this.channel = channel;
        this.headOffset = offset;
        this.maxLineBytes = maxLineBytes;
    }

    /** Opens {@code path} for reading from {@code offset}. */
    public static Tailer open(Path path, FileId id, long offset, int maxLineBytes) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return open(channel, new FileSource(path, id, Fingerprint.of(channel)), offset, maxLineBytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A tailer on an already open channel, whose identity the caller has established. */
    public static Tailer open(FileChannel channel, FileSource source, long offset, int maxLineBytes) {
        return new Tailer(source, channel, offset, maxLineBytes);
    }

    /**
     * True when the file no longer holds what was read from it: its first line changed, or the bytes just before the
     * read position did (a rewrite that keeps the same first line). It was truncated and written again
     * (copytruncate), possibly to the same size or larger, so a size check alone would miss it.
     */
    public boolean rewritten() throws IOException {
        if (source.fingerprint() == Fingerprint.NOT_YET) return false;
        if (Fingerprint.of(channel) != source.fingerprint()) return true;
        if (lastLength == 0 || lastEnd != headOffset || skipping >= 0) return false;
        ByteBuffer now = ByteBuffer.allocate(lastLength);
        while (now.hasRemaining() && channel.read(now, lastEnd - lastLength + now.position()) > 0) {
            // pread until the bytes are in (a short read is retried)
        }
        return now.position() < lastLength || !java.util.Arrays.equals(now.array(), 0, lastLength, lastBytes, 0, lastLength);
    }

    /** Where the next read starts in the file (after the bytes already buffered). */
    public long readOffset() {
        return headOffset + (tail - head);
    }

    public FileSource source() {
        return source;
    }

    /** Offset just after the last line handed out: the checkpoint once those lines are acknowledged. */
    public long position() {
        return skipping >= 0 ? skipping : headOffset;
    }

    /** Current size of the open file (follows the file after a rename). */
    public long size() throws IOException {
        return channel.size();
    }

    /** Bytes in the file not yet handed out as lines (including a partial last line). */
    public long pendingBytes() throws IOException {
        return Math.max(0, channel.size() - position());
    }

    /** The file was truncated below our position (copytruncate): start again from the beginning. */
    public boolean truncated() throws IOException {
        return channel.size() < headOffset + (tail - head);
    }

    /** Restart from offset 0 with a new identity, dropping anything buffered (after a truncation). */
    public void rewind() throws IOException {
        head = tail = scanFrom = 0;
        headOffset = 0;
        lastLength = 0;
        lastEnd = -1;
        skipping = -1;
        source = source.withFingerprint(Fingerprint.of(channel));
    }

    /** Learns the fingerprint once the first line is complete (a file may be opened while still empty). */
    public void refreshFingerprint() throws IOException {
        if (source.fingerprint() == Fingerprint.NOT_YET) {
            source = source.withFingerprint(Fingerprint.of(channel));
        }
    }

    /**
     * Reads what the file has now and passes complete lines to {@code consumer}, up to about {@code maxBytes}
     * bytes and {@code maxLines} lines. Returns the number of bytes consumed (lines, terminators and skipped lines).
     */
    public long read(LineConsumer consumer, long maxBytes, int maxLines) throws IOException {
        long consumed = 0;
        // Bounds the call even while skipping an endless over-long line.
        long readBudget = Math.max(maxBytes > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * maxBytes, buf.length);
        linesLeft = maxLines;
        while (true) {
            long before = headOffset;
            drainLines(consumer, maxBytes - consumed);
            consumed += headOffset - before;
            rememberLastBytes();
            if (consumed >= maxBytes || linesLeft <= 0 || readBudget <= 0) break;
            int n = fill();
            if (n <= 0) break;            // nothing more in the file for now
            if (source.fingerprint() != Fingerprint.NOT_YET && rewritten()) {
                // Truncated and written again since the last check (copytruncate): what was just read belongs to the
                // new content, at the old offsets. Drop it; the next truncation check reads the file again from 0.
                tail = head;
                scanFrom = head;
                break;
            }
            readBudget -= n;
        }
        return consumed;
    }

    /** Keeps the bytes just before the read position, for {@link #rewritten()}. Once per read, not per line. */
    private void rememberLastBytes() {
        if (head == 0 || headOffset == lastEnd) return;
        int n = Math.min(lastBytes.length, head);
        System.arraycopy(buf, head - n, lastBytes, 0, n);
        lastLength = n;
        lastEnd = headOffset;
    }

    /** Hands out complete lines already in the buffer. */
    private void drainLines(LineConsumer consumer, long budget) {
        long start = headOffset;
        int i = Math.max(scanFrom, head);
        while (i < tail) {
            i = indexOfNewline(buf, i, tail);
            if (i == tail) break;
            int end = i;
            long lineOffset = headOffset;
            long next = headOffset + (i + 1 - head);
            if (skipping >= 0) {
                // End of an over-long line: report it and continue after it.
                consumer.tooLong(source, skipping, next - skipping - 1);
                skipping = -1;
            } else if (end - head > maxLineBytes) {
                consumer.tooLong(source, lineOffset, end - head);
            } else {
                if (end > head && buf[end - 1] == '\r') end--;
                if (end > head) {
                    consumer.accept(source, lineOffset, next, buf, head, end - head);
                    linesLeft--;
                }
            }
            head = i + 1;
            headOffset = next;
            i = head;
            if (headOffset - start >= budget || linesLeft <= 0) break;
        }
        scanFrom = i;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * Index of the first '\n' in buf[from, to), or {@code to}. Looks at 8 bytes at a time (the classic "has a zero
     * byte" bit trick on bytes XOR-ed with '\n'): the scan is per byte of every line, the busiest loop of the shipper.
     */
    static int indexOfNewline(byte[] buf, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(buf, i) ^ NEWLINES;
            long found = (x - LOW_BITS) & ~x & HIGH_BITS;
            if (found != 0) return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') return i;
        }
        return to;
    }

    /** Reads more bytes into the buffer; returns how many (0 or less when the file has nothing more now). */
    private int fill() throws IOException {
        if (head == tail) {
            head = tail = scanFrom = 0;
        } else if (head > 0) {
            System.arraycopy(buf, head, buf, 0, tail - head);
            tail -= head;
            scanFrom -= head;
            head = 0;
        }
        if (tail == buf.length) {
            if (buf.length <= maxLineBytes) {
                byte[] bigger = new byte[(int) Math.min((long) buf.length * 2, (long) maxLineBytes + 1)];
                System.arraycopy(buf, 0, bigger, 0, tail);
                buf = bigger;
            } else {
                // The buffered partial line is longer than allowed: drop it and skip to its end.
                if (skipping < 0) skipping = headOffset;
                headOffset += tail;
                head = tail = scanFrom = 0;
            }
        }
        long readAt = headOffset + (tail - head);
        int n = channel.read(ByteBuffer.wrap(buf, tail, buf.length - tail), readAt);
        if (n > 0) tail += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "Tailer[path=" + source.path() + ", fileId=" + source.id() + ", offset=" + position() + "]";
    }
}
