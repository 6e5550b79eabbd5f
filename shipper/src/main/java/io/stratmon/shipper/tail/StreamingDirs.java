package io.stratmon.shipper.tail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Directories whose files keep growing, read on a timer instead of on every write. A file written a thousand times a
 * second costs a thousand inotify events otherwise: each a wake-up of the JDK's inotify thread and of the watch's
 * relay, about 6 % of a core, although the tailer reads at most once per linger window anyway.
 * <ul>
 *   <li>When a poll reads lines from a file whose directory also gave lines at most two linger windows before, or
 *       that was written more than once since the last poll (a watch event each), the directory's write events are muted ({@link DirectoryWatch#mute}; names created and removed still come) and
 *       the tailer reads it every linger window, events or not ({@link #any()}).</li>
 *   <li>While it is muted, each poll checks by size (one {@code fstat}) those of its files a poll does not read
 *       anyway (not read for {@link HotFiles#HOT_NANOS}): a write to an idle sibling is seen on the next tick. So
 *       only a directory of at most {@value #MAX_FILES} tracked files, all open, is muted; a scan that finds more, or
 *       one closed, turns its events on again.</li>
 *   <li>Once none of its files gave lines for four linger windows, its events are turned on again and the tailer
 *       polls once more ({@link #settle} says so): a write between its last read and the unmute made no event.</li>
 * </ul>
 * Idle, nothing is muted and nothing ticks. Reading thread only.
 */
final class StreamingDirs {
    /** More tracked files than this in a directory: it keeps its write events (a tick would check them all). */
    static final int MAX_FILES = 16;

    private final DirectoryWatch watch;
    private final Map<Path, TrackedFile> byPath;
    private final Map<FileId, TrackedFile> tracked;
    private final long muteWithin;
    private final long quietAfter;
    /** When each directory last gave lines (only those that did in the last {@code quietAfter}). */
    private final Map<Path, Long> lastLines = new HashMap<>();
    /** Muted directories and their tracked files. */
    private final Map<Path, List<TrackedFile>> muted = new HashMap<>();
    /** Directories written more than once since the last poll (watch events). */
    private final Set<Path> fast = new HashSet<>();
    /** Directories found unfit to mute since the last scan (not looked at again on every poll). */
    private final Set<Path> unfit = new HashSet<>();

    /** @param byPath, tracked the tailer's files by path and by identity (kept up to date by it) */
    StreamingDirs(DirectoryWatch watch, Map<Path, TrackedFile> byPath, Map<FileId, TrackedFile> tracked, long lingerNanos) {
        this.watch = watch;
        this.byPath = byPath;
        this.tracked = tracked;
        this.muteWithin = 2 * lingerNanos + 1_000_000;
        this.quietAfter = 4 * lingerNanos;
    }

    /** Whether some directory is read on a timer now (the tailer then sleeps a linger window at most). */
    boolean any() {
        return !muted.isEmpty();
    }

    /** Directories muted now (tests). */
    int muted() {
        return muted.size();
    }

    /** Before a poll reads: marks the files of muted directories that grew, and that the poll would not read, dirty. */
    void tick(HotFiles hot, long now) {
        for (List<TrackedFile> files : muted.values()) {
            for (TrackedFile f : files) {
                if (!f.isOpen() || f.dirty || now - f.lastReadNanos <= HotFiles.HOT_NANOS) continue; // read anyway
                try {
                    if (f.tailer.size() != f.lastSize) hot.dirty(f);
                } catch (IOException e) {
                    hot.dirty(f); // the read reports it
                }
            }
        }
    }

    /** The watch saw {@code f} written more than once since the last poll: writes come faster than reads. */
    void writtenFast(TrackedFile f) {
        if (f.path.getParent() != null) fast.add(f.path.getParent());
    }

    /**
     * A poll read lines from {@code f}: mutes its directory when it gave lines a moment ago too, or was written more
     * than once since the last poll (a reader slowed by a busy sender reads less often than two windows).
     */
    void read(TrackedFile f, long now) {
        Path dir = f.path.getParent();
        if (dir == null) return;
        Long before = lastLines.put(dir, now);
        boolean keepsGrowing = fast.remove(dir) || (before != null && now - before <= muteWithin);
        if (!keepsGrowing || muted.containsKey(dir) || unfit.contains(dir)) return;
        List<TrackedFile> files = filesIn(dir);
        if (files != null && watch.mute(dir)) {
            muted.put(dir, files);
        } else {
            unfit.add(dir);
        }
    }

    /**
     * After a poll: turns the events of muted directories quiet for four linger windows on again. True when it did:
     * the caller polls once more before it sleeps until an event.
     */
    boolean settle(long now) {
        fast.clear();
        boolean unmuted = false;
        for (Iterator<Map.Entry<Path, Long>> it = lastLines.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Long> e = it.next();
            if (now - e.getValue() < quietAfter) continue;
            it.remove();
            if (muted.remove(e.getKey()) != null) {
                watch.unmute(e.getKey());
                unmuted = true;
            }
        }
        return unmuted;
    }

    /** After a scan: each muted directory's files again; one with too many, or a closed one, gets its events back. */
    boolean rescanned() {
        unfit.clear();
        boolean unmuted = false;
        for (Iterator<Map.Entry<Path, List<TrackedFile>>> it = muted.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, List<TrackedFile>> e = it.next();
            List<TrackedFile> files = filesIn(e.getKey());
            if (files != null) {
                e.setValue(files);
                continue;
            }
            it.remove();
            watch.unmute(e.getKey());
            unmuted = true;
        }
        return unmuted;
    }

    /** A file found between scans (a watch event): tracked by its muted directory too, or the directory unmuted. */
    boolean tracked(TrackedFile f) {
        Path dir = f.path.getParent();
        List<TrackedFile> files = dir == null ? null : muted.get(dir);
        if (files == null) return false;
        if (files.size() < MAX_FILES && f.isOpen()) {
            files.add(f);
            return false;
        }
        muted.remove(dir);
        unfit.add(dir);
        watch.unmute(dir);
        return true;
    }

    /** The watch is gone (the tailer polls now). */
    void clear() {
        muted.clear();
        lastLines.clear();
        unfit.clear();
        fast.clear();
    }

    /** The tracked files in {@code dir}, or null when there are more than {@link #MAX_FILES} or one is closed. */
    private List<TrackedFile> filesIn(Path dir) {
        List<TrackedFile> files = new ArrayList<>();
        for (TrackedFile f : byPath.values()) {
            if (!dir.equals(f.path.getParent()) || tracked.get(f.source.id()) != f) continue;
            if (!f.isOpen() || files.size() == MAX_FILES) return null;
            files.add(f);
        }
        return files;
    }
}
