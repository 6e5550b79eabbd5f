package io.stratmon.shipper.tail;

import java.nio.file.Path;

/** A file the {@link FileTracker} has open: its reader, which input it belongs to, and its own counters. */
public final class TrackedFile {
    final Tailer tailer;
    final int input;
    Path path;
    long orphanedSinceNanos = -1;
    long lastReadNanos;
    long lastSize;
    long behindSinceNanos = -1;
    long linesRead;
    long rowsShipped;
    long deadLettered;

    TrackedFile(Tailer tailer, int input, Path path, long nowNanos) {
        this.tailer = tailer;
        this.input = input;
        this.path = path;
        this.lastReadNanos = nowNanos;
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
        linesRead++;
    }

    public void rowsShipped(long n) {
        rowsShipped += n;
    }

    public void deadLettered() {
        deadLettered++;
    }

    public long linesRead() {
        return linesRead;
    }

    public long rowsShipped() {
        return rowsShipped;
    }

    public long deadLetteredCount() {
        return deadLettered;
    }

    /** Bytes written to the file that are not shipped yet (as of the last size check). */
    public long bytesBehind() {
        return Math.max(0, lastSize - tailer.position());
    }

    /** Seconds since this file was last fully shipped (0 when it is), an upper bound of the shipping lag. */
    public double secondsBehind(long nowNanos) {
        return behindSinceNanos < 0 ? 0 : (nowNanos - behindSinceNanos) / 1e9;
    }

    /** Records the size seen now and whether everything is shipped, to measure how long we have been behind. */
    void observeSize(long size, long nowNanos) {
        lastSize = size;
        if (size <= tailer.position()) {
            behindSinceNanos = -1;
        } else if (behindSinceNanos < 0) {
            behindSinceNanos = nowNanos;
        }
    }
}
