package io.stratmon.shipper.tail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * What one {@link LineSource#poll} read: its items in file order (lines, and lines too long to keep), how far each
 * file that advanced got ({@link #reads()}), and the cursors of every known file as they stand once this batch is
 * acknowledged ({@link #cursors()}, empty when nothing advanced). The lines' bytes belong to the batch: it can travel
 * to another thread while the source reads the next one.
 */
public final class Batch {
    public static final Batch EMPTY = new Batch(List.of(), List.of(), List.of(), 0, 0, List.of(), null);

    /** One element of a batch. */
    public sealed interface Item permits Line, TooLong {
        FileSource source();

        long offset();
    }

    /** A line longer than {@code max_line_bytes}: skipped without being buffered; {@code length} is its length. */
    public record TooLong(FileSource source, long offset, long length) implements Item {}

    /** How much of one file this batch holds and where that file's reading ends. */
    public record FileRead(FileSource source, int lines, long bytes, long endOffset) {}

    private final List<Item> items;
    private final List<FileRead> reads;
    private final List<Cursor> cursors;
    private final long bytes;
    private final int lines;
    /** The chunks its lines are views on, and where they go back once the batch is done with ({@link #recycle}). */
    private final List<byte[]> chunks;
    private final Chunks pool;

    Batch(List<Item> items, List<FileRead> reads, List<Cursor> cursors, long bytes, int lines, List<byte[]> chunks, Chunks pool) {
        this.items = items;
        this.reads = reads;
        this.cursors = cursors;
        this.bytes = bytes;
        this.lines = lines;
        this.chunks = chunks;
        this.pool = pool;
    }

    /**
     * The batch is delivered and no line of it is looked at again (any thread, once): its chunks of bytes serve a
     * later poll of the source that read it. Its lines must not be read after this.
     */
    public void recycle() {
        if (pool == null) return;
        for (byte[] chunk : chunks) pool.give(chunk);
        chunks.clear();
    }

    /**
     * Chunks of bytes used again from batch to batch: a delivered batch's chunks were, at full speed, a tenth of what the
     * shipper allocated, and those still waiting for QuestDB were copied at every young collection.
     */
    static final class Chunks {
        private final ArrayBlockingQueue<byte[]> spare;

        /** Keeps up to {@code max} spare chunks of {@link Builder#CHUNK} bytes; more go to the collector. */
        Chunks(int max) {
            this.spare = new ArrayBlockingQueue<>(max);
        }

        byte[] take(int length) {
            byte[] chunk = length <= Builder.CHUNK ? spare.poll() : null;
            return chunk != null ? chunk : new byte[Math.max(Builder.CHUNK, length)];
        }

        void give(byte[] chunk) {
            if (chunk.length == Builder.CHUNK) spare.offer(chunk);
        }
    }

    public List<Item> items() {
        return items;
    }

    public List<FileRead> reads() {
        return reads;
    }

    /** Every file's cursor once this batch is acknowledged: what to make durable then. Empty if nothing advanced. */
    public List<Cursor> cursors() {
        return cursors;
    }

    /** Bytes consumed from files (lines, terminators, skipped lines). */
    public long bytes() {
        return bytes;
    }

    /** Lines read (items, counting empty lines out). */
    public int lines() {
        return lines;
    }

    /** True when nothing was read: nothing to ship, nothing to commit. */
    public boolean isEmpty() {
        return bytes == 0;
    }

    /** Collects lines into chunks of bytes it owns (a line is copied once, never re-copied as the batch grows). */
    static final class Builder implements Tailer.LineConsumer {
        static final int CHUNK = 1 << 20;
        private final List<Item> items = new ArrayList<>();
        private final List<FileRead> reads = new ArrayList<>();
        private final List<byte[]> chunks = new ArrayList<>();
        private final Chunks pool;
        private byte[] chunk = new byte[0];
        private int used;
        private long bytes;
        private int lines;

        /** Chunks from {@code pool} (null: new ones, left to the collector). */
        Builder(Chunks pool) {
            this.pool = pool;
        }

        Builder() {
            this(null);
        }

        @Override
        public void accept(FileSource source, long offset, long next, byte[] buf, int start, int length) {
            if (chunk.length - used < length) {
                chunk = pool != null ? pool.take(length) : new byte[Math.max(CHUNK, length)];
                chunks.add(chunk);
                used = 0;
            }
            System.arraycopy(buf, start, chunk, used, length);
            items.add(new Line(source, offset, next, chunk, used, length));
            used += length;
            lines++;
        }

        @Override
        public void tooLong(FileSource source, long offset, long length) {
            items.add(new TooLong(source, offset, length));
            lines++;
        }

        void read(FileSource source, int fileLines, long fileBytes, long endOffset) {
            reads.add(new FileRead(source, fileLines, fileBytes, endOffset));
            bytes += fileBytes;
        }

        int lines() {
            return lines;
        }

        long bytes() {
            return bytes;
        }

        Batch build(List<Cursor> cursors) {
            return new Batch(items, reads, bytes > 0 ? cursors : List.of(), bytes, lines, chunks, pool);
        }
    }
}
