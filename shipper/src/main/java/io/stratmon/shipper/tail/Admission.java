package io.stratmon.shipper.tail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.stratmon.shipper.time.Clock;

/**
 * Opens a file the {@link FileTailer} sees for the first time and decides where its reading starts
 * ({@link ResumeRules}): within the open-files cap and the per-path backoff, compressed files skipped, the cursor it
 * resumes from taken out of the retained and truncated lists. The tailer tracks what it returns. A file found while
 * every descriptor holds unread bytes waits in line ({@link #admitWaiting}) and is opened as soon as one is drained,
 * without another scan: 10,000 files under a cap of 256 are opened as fast as they are read, not one cap per scan.
 */
final class Admission {
    private static final Logger log = LoggerFactory.getLogger(FileTailer.class);

    private final TailOptions options;
    private final FileOpener opener;
    private final OpenFailures failedOpens;
    private final Descriptors descriptors;
    private final Set<Path> skipped;
    private final List<Cursor> retained;
    private final List<Cursor> truncated;
    private final Map<FileId, TrackedFile> known;
    private final SameContent sameContent = new SameContent();
    private final Clock clock;
    /** Paths found at the open-files cap, by the input whose glob matched them, in the order found. */
    private final Map<Path, Integer> waiting = new LinkedHashMap<>();
    /** When {@link Descriptors#makeRoom} last found no room: the rest of that scan queues without asking again. */
    private long fullAtNanos = Long.MIN_VALUE;

    Admission(TailOptions options, FileOpener opener, OpenFailures failedOpens, Descriptors descriptors, Set<Path> skipped,
              List<Cursor> retained, List<Cursor> truncated, Map<FileId, TrackedFile> known, Clock clock) {
        this.options = options;
        this.opener = opener;
        this.failedOpens = failedOpens;
        this.descriptors = descriptors;
        this.skipped = skipped;
        this.retained = retained;
        this.truncated = truncated;
        this.known = known;
        this.clock = clock;
    }

    /** A file found by identity under another name (renamed while stopped), as an orphan: drained from its cursor. */
    TrackedFile relocated(Relocator.Found found, int input, long now) {
        try {
            FileChannel channel = opener.open(found.path());
            Tailer tailer = Tailer.open(channel, new FileSource(found.path(), found.stat().id(), found.cursor().fingerprint(), input),
                    found.cursor().offset(), options.maxLineBytes());
            TrackedFile f = new TrackedFile(tailer, found.path(), found.stat().size(), now);
            f.orphanedSinceNanos = now;
            sameContent.index(f);
            retained.remove(found.cursor());
            descriptors.opened(f);
            return f;
        } catch (IOException e) {
            failedOpens.failed(found.path(), e, now);
            return null;
        }
    }

    /** Opens a file found at {@code path} ({@code pinned}: already open, by the watch); null when not now. */
    TrackedFile open(int input, Path path, FileStat stat, long now, FileChannel pinned) {
        boolean due = failedOpens.due(path, now);
        boolean room = due && fullAtNanos != now && descriptors.makeRoom();
        if (due && !room) fullAtNanos = now;
        if (!room) { // later: in backoff, or at the open-files cap
            if (pinned != null) closeQuietly(pinned);
            if (due) waiting.put(path, input);
            return null;
        }
        waiting.remove(path);
        FileChannel channel = pinned;
        try {
            if (channel == null) channel = opener.open(path);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            failedOpens.failed(path, e, now);
            return null;
        }
        try {
            if (Compression.isCompressed(channel)) {
                if (skipped.add(path)) log.info("Skipping compressed file [path={}]", path);
                channel.close();
                return null;
            }
            long size = channel.size();
            long fingerprint = Fingerprint.of(channel);
            ResumeRules.Decision d = ResumeRules.decide(stat.id(), fingerprint, size, options.startAtEnd(), retained,
                    truncated, sameContent.cursors(fingerprint, known, clock.millis()));
            retained.remove(d.matched());
            truncated.remove(d.matched());
            Tailer tailer = Tailer.open(channel, new FileSource(path, stat.id(), fingerprint, input), d.offset(), options.maxLineBytes());
            TrackedFile f = new TrackedFile(tailer, path, size, now);
            f.lastModifiedNanos = stat.modifiedNanos();
            sameContent.index(f);
            descriptors.opened(f);
            failedOpens.opened(path);
            log.info("Opened file [path={}, fileId={}, src={}, offset={}, size={}, rule={}]", path, stat.id(),
                    tailer.source().src(), d.offset(), size, d.reason());
            return f;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel); // already failing; the descriptor goes with the channel
            if (e instanceof RuntimeException r) throw r;
            failedOpens.failed(path, (IOException) e, now);
            return null;
        }
    }

    /**
     * Opens waiting files while there is room (each stat'ed again: one gone, or known meanwhile under its identity,
     * leaves the line). The next scan finds whatever is still waiting anyway.
     */
    List<TrackedFile> admitWaiting(long now, Set<FileId> knownIds) {
        if (waiting.isEmpty()) return List.of();
        fullAtNanos = Long.MIN_VALUE; // files may have been drained since
        List<TrackedFile> opened = new ArrayList<>();
        Set<FileId> openedIds = new HashSet<>();
        for (Iterator<Map.Entry<Path, Integer>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Integer> e = it.next();
            if (!descriptors.makeRoom()) break;
            it.remove();
            try {
                FileStat stat = FileStat.of(e.getKey());
                if (knownIds.contains(stat.id()) || !openedIds.add(stat.id()) || skipped.contains(e.getKey())) continue;
                TrackedFile f = open(e.getValue(), e.getKey(), stat, now, null);
                if (f != null) opened.add(f);
            } catch (IOException gone) {
                // renamed away or deleted: the next scan sees what is there
            }
            if (waiting.containsKey(e.getKey())) break; // back in line: no room after all
        }
        return opened;
    }

    /**
     * The files opened in this run by the fingerprint of their first line, so that opening a file looks only at those
     * that start like it (it was a walk over every known file for each file opened: O(n²) for 10,000 files). A file
     * is indexed when it is opened and again whenever its fingerprint changes ({@link TrackedFile#sync}: a first line
     * completed, a truncation); entries for files forgotten since, or whose fingerprint moved on, are checked against
     * the known files when looked up and dropped, and the whole index is rebuilt once it holds twice as many entries
     * as there are known files.
     */
    static final class SameContent {
        private final Map<Long, List<TrackedFile>> byFingerprint = new HashMap<>();
        private int entries;

        void index(TrackedFile f) {
            f.sameContent = this;
            long fingerprint = f.source.fingerprint();
            if (fingerprint == Fingerprint.NOT_YET) return;
            List<TrackedFile> same = byFingerprint.computeIfAbsent(fingerprint, k -> new ArrayList<>(1));
            if (!same.contains(f)) {
                same.add(f);
                entries++;
            }
        }

        /** Cursors of the files known in this run that start with this first line. */
        List<Cursor> cursors(long fingerprint, Map<FileId, TrackedFile> known, long nowMillis) {
            if (fingerprint == Fingerprint.NOT_YET) return new ArrayList<>();
            if (entries > 2 * known.size() + 64) rebuild(known);
            List<TrackedFile> same = byFingerprint.get(fingerprint);
            List<Cursor> cursors = new ArrayList<>();
            if (same == null) return cursors;
            for (Iterator<TrackedFile> it = same.iterator(); it.hasNext(); ) {
                TrackedFile f = it.next();
                if (f.source.fingerprint() == fingerprint && known.get(f.source.id()) == f) {
                    cursors.add(f.cursor(nowMillis));
                } else {
                    it.remove();
                    entries--;
                }
            }
            if (same.isEmpty()) byFingerprint.remove(fingerprint);
            return cursors;
        }

        private void rebuild(Map<FileId, TrackedFile> known) {
            byFingerprint.clear();
            entries = 0;
            for (TrackedFile f : known.values()) index(f);
        }
    }

    static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing is lost
        }
    }
}
