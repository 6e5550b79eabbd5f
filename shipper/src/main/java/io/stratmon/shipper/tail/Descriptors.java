package io.stratmon.shipper.tail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Collection;

/**
 * The tailer's file descriptors: at most {@code maxOpenFiles} at once, drained idle files closed and reopened by
 * identity when they change, and a file that fails with an I/O error closed (a stale handle is only cured by a
 * reopen) and tried again after a capped exponential backoff.
 */
final class Descriptors {
    private static final Logger log = LoggerFactory.getLogger(Descriptors.class);

    private final Collection<TrackedFile> files;
    private final TailOptions options;
    private final FileOpener opener;
    private int open;

    Descriptors(Collection<TrackedFile> files, TailOptions options, FileOpener opener) {
        this.files = files;
        this.options = options;
        this.opener = opener;
    }

    /** A file was opened elsewhere (first sight). */
    void opened() {
        open++;
    }

    /** How many files hold a descriptor now. */
    int open() {
        return open;
    }

    /** Closes drained files idle for {@code closeIdleAfter}; they are reopened when they change. */
    void closeIdle(long now) {
        long idle = options.closeIdleAfter().toNanos();
        for (TrackedFile f : files) {
            if (f.isOpen() && !f.orphaned() && drained(f) && now - f.lastReadNanos >= idle) close(f);
        }
    }

    /**
     * Nothing left to read, by the file's size now: the size seen at the last read may be stale (a file not read
     * while the sender pushed back, then written to and renamed away, looked drained and was dropped with its tail).
     */
    static boolean drained(TrackedFile f) {
        try {
            return f.tailer.position() >= Math.max(f.lastSize, f.tailer.size());
        } catch (IOException e) {
            return false; // cannot tell: keep it; the read reports the error
        }
    }

    /**
     * At the open-files cap (files renamed away not counted, up to twice the cap in all), closes the drained file read
     * longest ago. False when every open file has unread bytes.
     */
    boolean makeRoom() {
        if (open < options.maxOpenFiles()) return true;
        TrackedFile oldest = null;
        int orphans = 0;
        for (TrackedFile f : files) {
            if (!f.isOpen()) continue;
            if (f.orphaned()) orphans++;
            else if (drained(f) && (oldest == null || f.lastReadNanos < oldest.lastReadNanos)) oldest = f;
        }
        // Files renamed away keep their descriptor until drained and quiet, and do not count against the cap: held
        // against it, they kept a file that appeared at a watched path closed, and when that one was renamed away in
        // turn before it was opened, its lines were lost (TailerModelTest found it). They were open files when they
        // were renamed, so they are bounded by the cap themselves; 2 x maxOpenFiles is the hard ceiling.
        if (open - orphans < options.maxOpenFiles() && open < 2 * options.maxOpenFiles()) return true;
        if (oldest == null) return false;
        close(oldest);
        return true;
    }

    void close(TrackedFile f) {
        if (!f.isOpen()) return;
        f.sync();
        try {
            f.tailer.close();
        } catch (IOException ignored) {
            // A read-only descriptor: nothing is lost by a failed close.
        }
        f.tailer = null;
        open--;
    }

    void reopen(TrackedFile f, long now) {
        if (!makeRoom()) return;
        try {
            FileChannel channel = opener.open(f.path);
            if (!FileStat.of(f.path).id().equals(f.source.id())) {
                channel.close(); // the path was given to another file meanwhile: the next scan sees it as new
                return;
            }
            f.tailer = Tailer.open(channel, f.source, f.position, options.maxLineBytes());
            f.lastReadNanos = now;
            open++;
        } catch (IOException e) {
            failed(f, e, now);
        }
    }

    void failed(TrackedFile f, Exception e, long now) {
        if (f.error == null) {
            f.backoffMillis = options.retryMin().toMillis();
            log.warn("Cannot read file, retrying with backoff; other files go on [path={}, fileId={}, retryInMs={}]: {}",
                    f.path, f.source.id(), f.backoffMillis, e.toString());
        } else {
            f.backoffMillis = Math.min(f.backoffMillis * 2, options.retryMax().toMillis());
        }
        f.error = e.toString();
        f.retryAtNanos = now + f.backoffMillis * 1_000_000L;
        close(f); // a stale handle is only cured by opening the file again
    }

}
