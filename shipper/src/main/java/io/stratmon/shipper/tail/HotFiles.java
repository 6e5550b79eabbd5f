package io.stratmon.shipper.tail;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a poll between two scans looks at, so that an idle poll costs nothing per file: those written since they
 * were last read (a watch event), left with unread bytes by a full batch, renamed away (draining), or read in the last
 * {@value #HOT_NANOS} ns. The others are looked at on scans (and when the watch says they were written). A file enters
 * when one of those becomes true and leaves, on the next poll, when none is.
 */
final class HotFiles {
    static final long HOT_NANOS = 10_000_000_000L;

    private final Set<TrackedFile> files = new LinkedHashSet<>();

    void add(TrackedFile f) {
        files.add(f);
    }

    /** Written or left with unread bytes: read it on the next poll. */
    void dirty(TrackedFile f) {
        f.dirty = true;
        files.add(f);
    }

    void remove(TrackedFile f) {
        files.remove(f);
    }

    int size() {
        return files.size();
    }

    /**
     * The open files to read now, in the order they became hot (on a scan, {@code all} of them, in their order); drops
     * those gone cold or closed (a reopen or the watch brings them back).
     */
    List<TrackedFile> toRead(Collection<TrackedFile> all, boolean scan, long now) {
        List<TrackedFile> read = new ArrayList<>(scan ? all.size() : files.size());
        if (scan) {
            for (TrackedFile f : all) if (f.isOpen()) read.add(f);
            return read;
        }
        for (Iterator<TrackedFile> it = files.iterator(); it.hasNext(); ) {
            TrackedFile f = it.next();
            if (f.isOpen() && (f.dirty || f.orphaned() || now - f.lastReadNanos <= HOT_NANOS)) read.add(f);
            else it.remove();
        }
        return read;
    }
}
