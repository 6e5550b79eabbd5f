package io.stratmon.shipper.tail;

import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    /** Written since it was last read (a watch event), or left with unread bytes by a full batch: read it next poll. */
    boolean dirty;
    /** A scan saw another size or modification time (or one too recent to tell): compare its content again. */
    boolean statChanged = true;
    long lastReadNanos;
    /** The last I/O error and when to try again (backoff), or null. */
    String error;
    long retryAtNanos;
    long backoffMillis;
    /** The index of first lines it is in ({@link Admission.SameContent}), told when its fingerprint changes. */
    Admission.SameContent sameContent;

    TrackedFile(Tailer tailer, Path path, long size, long nowNanos) {
        this.tailer = tailer;
        this.source = tailer.source();
        this.path = path;
        this.position = tailer.position();
        this.lastSize = size;
        this.lastReadNanos = nowNanos;
    }

    /** A modification time this close to now may hide another write in the same tick: the content is compared. */
    private static final long RACY_MILLIS = 2_000;

    /**
     * A scan found it at {@code path} with {@code stat}: notes a rename, that it is at a path again (not an orphan),
     * and whether its size or mtime changed ({@link #statChanged}). True when it was renamed.
     */
    boolean seenAt(Path at, FileStat stat, long wallMillis) {
        boolean renamed = !path.equals(at);
        if (renamed) LoggerFactory.getLogger(FileTailer.class).info("File renamed [from={}, to={}, fileId={}]", path, at, stat.id());
        path = at;
        orphanedSinceNanos = -1;
        boolean changed = stat.size() != lastSize || stat.modifiedNanos() != lastModifiedNanos;
        statChanged |= changed || wallMillis - stat.modifiedNanos() / 1_000_000 < RACY_MILLIS;
        lastModifiedNanos = stat.modifiedNanos();
        return renamed;
    }

    /**
     * A file a scan found in a directory whose entries did not change since the last scan ({@link FileScanner.Found}
     * without a stat): when it is the file known at that path, and not failing, it is as it was (a watch reports
     * writes) and counts as seen without a stat. False: stat it.
     */
    static boolean unchanged(TrackedFile known, Path at, Map<FileId, TrackedFile> files, Set<FileId> seen) {
        if (known == null || !known.path.equals(at) || known.error != null || files.get(known.source.id()) != known) return false;
        seen.add(known.source.id());
        return true;
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
            FileSource now = tailer.source();
            boolean moved = now.fingerprint() != source.fingerprint();
            source = now;
            position = tailer.position();
            if (moved && sameContent != null) sameContent.index(this); // a first line completed, or a truncation
        }
    }

    Cursor cursor(long nowMillis) {
        sync();
        return new Cursor(source.id(), source.fingerprint(), path.toString(), position, nowMillis);
    }

    /** Every file's cursor now, plus those of files not known in this run. */
    static List<Cursor> cursors(Collection<TrackedFile> files, List<Cursor> retained, long millis) {
        List<Cursor> all = new ArrayList<>(files.size() + retained.size());
        for (TrackedFile f : files) {
            if (f.source.fingerprint() != Fingerprint.NOT_YET) all.add(f.cursor(millis));
        }
        all.addAll(retained);
        return all;
    }

    FileState state() {
        sync();
        return new FileState(source, path.toString(), position, lastSize, orphaned(), isOpen(), error);
    }
}
