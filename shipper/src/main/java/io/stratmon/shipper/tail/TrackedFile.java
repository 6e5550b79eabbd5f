package io.stratmon.shipper.tail;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** A file the {@link FileTracker} has open: its reader, which input it belongs to, and its own counters. */
public final class TrackedFile {
    final Tailer tailer;
    final int input;
    Path path;
    long orphanedSinceNanos = -1;
    long lastReadNanos;
    volatile long lastSize;
    volatile long behindSinceNanos = -1;
    // Read by the reading thread, shipped and dead-lettered counts by the sending thread: atomics.
    private final AtomicLong linesRead = new AtomicLong();
    private final AtomicLong rowsShipped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile long ackedOffset;

    TrackedFile(Tailer tailer, int input, Path path, long nowNanos) {
        this.tailer = tailer;
        this.input = input;
        this.path = path;
        this.lastReadNanos = nowNanos;
        this.ackedOffset = tailer.position();
    }

    public Tailer tailer() {
        return tailer;
    }

    /** Index of the input (config section) whose globs matched this file. */
    public int input() {
        return input;
    }

    /** Where the file was last found (after a rename, its new name if a glob still matches it). */
    public Path path() {
        return path;
    }

    public FileSource source() {
        return tailer.source();
    }

    /** True when the file's path no longer leads to it (renamed away or deleted): it is drained, then closed. */
    public boolean orphaned() {
        return orphanedSinceNanos >= 0;
    }

    public void lineRead() {
        linesRead.incrementAndGet();
    }

    public void rowsShipped(long n) {
        rowsShipped.addAndGet(n);
    }

    public void deadLettered() {
        deadLettered.incrementAndGet();
    }

    public long linesRead() {
        return linesRead.get();
    }

    public long rowsShipped() {
        return rowsShipped.get();
    }

    public long deadLetteredCount() {
        return deadLettered.get();
    }

    /** Offset up to which every line is acknowledged (the committed checkpoint). */
    public long ackedOffset() {
        return ackedOffset;
    }

    public void acked(long offset) {
        ackedOffset = offset;
    }

    /** Bytes written to the file that are not acknowledged yet (as of the last size check). */
    public long bytesBehind() {
        return Math.max(0, lastSize - ackedOffset);
    }

    /** Seconds since this file was last fully shipped (0 when it is), an upper bound of the shipping lag. */
    public double secondsBehind(long nowNanos) {
        return behindSinceNanos < 0 ? 0 : (nowNanos - behindSinceNanos) / 1e9;
    }

    /** Records the size seen now and whether everything is shipped, to measure how long we have been behind. */
    void observeSize(long size, long nowNanos) {
        lastSize = size;
        if (size <= ackedOffset) {
            behindSinceNanos = -1;
        } else if (behindSinceNanos < 0) {
            behindSinceNanos = nowNanos;
        }
    }
}
