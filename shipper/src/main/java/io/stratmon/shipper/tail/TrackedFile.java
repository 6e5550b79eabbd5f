package io.stratmon.shipper.tail;

import java.nio.file.Path;

/**
 * A file the {@link FileTailer} knows in this run: its reader while it is open, where it was found, and when it was
 * last read or failed. Drained idle files are closed ({@code tailer == null}) and reopened when they grow.
 */
final class TrackedFile {
    Tailer tailer;
    FileSource source;
    Path path;
    long position;
    long lastSize;
    long lastModifiedNanos;
    long orphanedSinceNanos = -1;
    long lastReadNanos;
    /** The last I/O error and when to try again (backoff), or null. */
    String error;
    long retryAtNanos;
    long backoffMillis;

    TrackedFile(Tailer tailer, Path path, long size, long nowNanos) {
        this.tailer = tailer;
        this.source = tailer.source();
        this.path = path;
        this.position = tailer.position();
        this.lastSize = size;
        this.lastReadNanos = nowNanos;
    }

    boolean isOpen() {
        return tailer != null;
    }

    /** True when its path no longer leads to it (renamed away or deleted): it is drained, then forgotten. */
    boolean orphaned() {
        return orphanedSinceNanos >= 0;
    }

    /** Refreshes what is remembered from the reader (kept while the file is closed). */
    void sync() {
        if (tailer != null) {
            source = tailer.source();
            position = tailer.position();
        }
    }

    Cursor cursor(long nowMillis) {
        sync();
        return new Cursor(source.id(), source.fingerprint(), path.toString(), position, nowMillis);
    }

    FileState state() {
        sync();
        return new FileState(source, path.toString(), position, lastSize, orphaned(), isOpen(), error);
    }
}
