package io.stratmon.shipper.tail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tailer's file descriptors: at most {@code maxOpenFiles} at once, drained idle files closed and reopened by
 * identity when they change, and a file that fails with an I/O error closed (a stale handle is only cured by a
 * reopen) and tried again after a capped exponential backoff. It keeps the open files in the order they were last
 * read, so that its work is bounded by the cap, never by how many files the tailer knows (10,000 closed files cost
 * nothing here).
 */
final class Descriptors {
    private static final Logger log = LoggerFactory.getLogger(Descriptors.class);

    private final TailOptions options;
    private final FileOpener opener;
    /** The open files, least recently read first (access order: {@link #touched} moves one to the end). */
    private final Map<TrackedFile, TrackedFile> open = new LinkedHashMap<>(64, 0.75f, true);
    private long changes;

    Descriptors(TailOptions options, FileOpener opener) {
        this.options = options;
        this.opener = opener;
    }

    /** A file was opened elsewhere (first sight). */
    void opened(TrackedFile f) {
        open.put(f, f);
    }

    /** A file was read now: it becomes the last one {@link #makeRoom} closes. */
    void touched(TrackedFile f, long now) {
        f.lastReadNanos = now;
        open.get(f);
    }

    /** How many files hold a descriptor now. */
    int open() {
        return open.size();
    }

    /** The open files, least recently read first; do not close any while iterating. */
    Iterable<TrackedFile> openFiles() {
        return open.keySet();
    }

    /** Closes drained files idle for {@code closeIdleAfter}; they are reopened when they change. */
    void closeIdle(long now) {
        long idle = options.closeIdleAfter().toNanos();
        List<TrackedFile> idleFiles = new ArrayList<>();
        for (TrackedFile f : open.keySet()) {
            if (now - f.lastReadNanos >= idle && !f.orphaned() && drained(f)) idleFiles.add(f);
        }
        idleFiles.forEach(this::close);
    }

    /**
     * Nothing left to read, by the file's size now: the size seen at the last read may be stale (a file not read
     * while the sender pushed back, then written to and renamed away, looked drained and was dropped with its tail).
     */
    static boolean drained(TrackedFile f) {
        try {
            if (f.tailer.position() < f.lastSize) return false; // known without asking the file system
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
        int max = options.maxOpenFiles();
        if (open.size() < max) return true;
        int orphans = 0;
        for (TrackedFile f : open.keySet()) if (f.orphaned()) orphans++;
        // Files renamed away keep their descriptor until drained and quiet, and do not count against the cap: held
        // against it, they kept a file that appeared at a watched path closed, and when that one was renamed away in
        // turn before it was opened, its lines were lost (TailerModelTest found it). They were open files when they
        // were renamed, so they are bounded by the cap themselves; 2 x maxOpenFiles is the hard ceiling.
        if (open.size() - orphans < max && open.size() < 2 * max) return true;
        TrackedFile oldest = null;
        for (TrackedFile f : open.keySet()) { // least recently read first: usually the first one is drained
            if (!f.orphaned() && drained(f)) {
                oldest = f;
                break;
            }
        }
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
        open.remove(f);
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
            open.put(f, f);
        } catch (IOException e) {
            failed(f, e, now);
        }
    }

    /** A read succeeded: a file that had failed says so once. */
    void readable(TrackedFile f) {
        if (f.error == null) return;
        log.info("File readable again [path={}, fileId={}]", f.path, f.source.id());
        f.error = null;
        changes++;
    }

    /** Grows when a file starts or stops failing. */
    long changes() {
        return changes;
    }

    void failed(TrackedFile f, Exception e, long now) {
        if (f.error == null) {
            changes++;
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
