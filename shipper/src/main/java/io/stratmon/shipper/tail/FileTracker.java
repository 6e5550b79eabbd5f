package io.stratmon.shipper.tail;

import io.stratmon.shipper.checkpoint.Checkpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the files the inputs' globs match, decides what each one is, and keeps a {@link Tailer} open per file.
 * <p>
 * A file is known by its inode <i>and</i> its first line ({@link Fingerprint}). When a path leads to a file:
 * <ol>
 *   <li>same inode and first line as a checkpoint: resume there (restart; rename rotation while we were away);</li>
 *   <li>same first line as a file open now, or as the old content of a truncated file: it is a copy (copytruncate's
 *       {@code .1}, a backup), resume at that file's offset; its rows carry the same {@code _src}, so any overlap is
 *       removed by QuestDB deduplication;</li>
 *   <li>same inode, other first line: the inode was reused, or the file was rewritten while we were away: from 0;</li>
 *   <li>otherwise a new file: from the beginning, or the end if configured.</li>
 * </ol>
 * A file whose path no longer leads to it (renamed away, deleted) stays open until it is drained and quiet for
 * {@code rotateWait}. A file that shrinks, or whose first line changes, was truncated (copytruncate): its old
 * position is kept for a copy that may show up, and it is read again from 0. Compressed files are skipped.
 * Not thread-safe.
 */
public final class FileTracker implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(FileTracker.class);
    private static final Duration FORGET_AFTER = Duration.ofDays(7);

    private final List<FileScanner> scanners;
    private final boolean startAtEnd;
    private final int maxLineBytes;
    private final Duration rotateWait;
    private final Map<FileId, TrackedFile> open = new LinkedHashMap<>();
    /** Checkpoints of files not open now (drained, rotated away, shipper restarted), by inode + fingerprint. */
    private final List<Checkpoint> retained = new ArrayList<>();
    /** Positions of contents that were truncated away: a copy of them may still appear. */
    private final List<Checkpoint> truncated = new ArrayList<>();
    private final Set<Path> skipped = new HashSet<>();

    public FileTracker(List<FileScanner> scanners, boolean startAtEnd, int maxLineBytes, Duration rotateWait,
                       Collection<Checkpoint> checkpoints) {
        this.scanners = scanners;
        this.startAtEnd = startAtEnd;
        this.maxLineBytes = maxLineBytes;
        this.rotateWait = rotateWait;
        this.retained.addAll(checkpoints);
    }

    /** The files open now, in the order they were found. */
    public Collection<TrackedFile> files() {
        return open.values();
    }

    /** Expands the globs again: opens new files, notices rotations, closes drained orphans, forgets old checkpoints. */
    public void scan(long nowNanos) throws IOException {
        Set<FileId> seen = new HashSet<>();
        for (int input = 0; input < scanners.size(); input++) {
            for (Path path : scanners.get(input).scan()) {
                FileId id;
                try {
                    id = FileId.of(path);
                } catch (NoSuchFileException e) {
                    continue; // rotated away between the scan and now: the next scan finds it under its new name
                }
                if (!seen.add(id)) continue; // the same file through two globs or a symlink
                TrackedFile known = open.get(id);
                if (known != null) {
                    if (!known.path.equals(path)) {
                        log.info("File renamed [from={}, to={}, fileId={}]", known.path, path, id);
                    }
                    known.path = path;
                    known.orphanedSinceNanos = -1;
                } else {
                    open(input, path, id, nowNanos);
                }
            }
        }
        for (TrackedFile f : open.values()) {
            checkTruncation(f, nowNanos, true);
        }
        closeDrainedOrphans(seen, nowNanos);
        long forgetBefore = System.currentTimeMillis() - FORGET_AFTER.toMillis();
        retained.removeIf(c -> c.updatedMillis() < forgetBefore);
        truncated.removeIf(c -> c.updatedMillis() < forgetBefore);
    }

    private void closeDrainedOrphans(Set<FileId> seen, long nowNanos) throws IOException {
        for (Iterator<Map.Entry<FileId, TrackedFile>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<FileId, TrackedFile> e = it.next();
            TrackedFile f = e.getValue();
            if (seen.contains(e.getKey())) continue;
            if (f.orphanedSinceNanos < 0) {
                f.orphanedSinceNanos = nowNanos;
                log.info("File no longer at its path, draining it [path={}, fileId={}, offset={}]", f.path, e.getKey(), f.tailer.position());
            }
            long quietSince = Math.max(f.orphanedSinceNanos, f.lastReadNanos);
            if (f.tailer.pendingBytes() == 0 && nowNanos - quietSince >= rotateWait.toNanos()) {
                it.remove();
                retained.add(checkpointOf(f, System.currentTimeMillis()));
                log.info("Closed drained file [path={}, fileId={}, offset={}]", f.path, e.getKey(), f.tailer.position());
                f.tailer.close();
            }
        }
    }

    private void open(int input, Path path, FileId id, long nowNanos) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return;
        }
        try {
            if (isCompressed(channel)) {
                if (skipped.add(path)) log.info("Skipping compressed file [path={}]", path);
                channel.close();
                return;
            }
            long size = channel.size();
            long fingerprint = Fingerprint.of(channel);
            long offset = startOffset(path, id, fingerprint, size);
            Tailer tailer = Tailer.open(channel, new FileSource(path, id, fingerprint), offset, maxLineBytes);
            TrackedFile f = new TrackedFile(tailer, input, path, nowNanos);
            f.observeSize(size, nowNanos);
            open.put(id, f);
            log.info("Opened file [path={}, fileId={}, src={}, offset={}, size={}]", path, id, tailer.source().src(), offset, size);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Where to start reading a file seen for the first time in this run: the rules in the class comment. */
    private long startOffset(Path path, FileId id, long fingerprint, long size) {
        if (fingerprint == Fingerprint.NOT_YET) {
            // No complete first line: nothing of it was ever shipped under this identity.
            return startAtEnd ? size : 0;
        }
        Checkpoint same = take(retained, c -> c.id().equals(id) && c.fingerprint() == fingerprint);
        if (same != null) {
            if (same.offset() <= size) return same.offset();
            log.warn("File is shorter than its checkpoint, reading it from the start [path={}, fileId={}, checkpoint={}, size={}]",
                    path, id, same.offset(), size);
            return 0;
        }
        for (TrackedFile f : open.values()) {
            if (f.source().fingerprint() == fingerprint) {
                long offset = Math.min(f.tailer.position(), size);
                log.info("File is a copy of an open file, resuming at its offset [path={}, copyOf={}, offset={}]", path, f.path, offset);
                return offset;
            }
        }
        Checkpoint copied = take(truncated, c -> c.fingerprint() == fingerprint);
        if (copied == null) copied = take(retained, c -> c.fingerprint() == fingerprint);
        if (copied != null) {
            long offset = Math.min(copied.offset(), size);
            log.info("File is a copy of a file shipped before, resuming at its offset [path={}, copyOf={}, offset={}]", path, copied.path(), offset);
            return offset;
        }
        Checkpoint reused = take(retained, c -> c.id().equals(id));
        if (reused != null) {
            log.info("Inode reused by another file, reading from the start [path={}, fileId={}]", path, id);
            return 0;
        }
        return startAtEnd ? size : 0;
    }

    private static Checkpoint take(List<Checkpoint> list, java.util.function.Predicate<Checkpoint> match) {
        for (Iterator<Checkpoint> it = list.iterator(); it.hasNext(); ) {
            Checkpoint c = it.next();
            if (match.test(c)) {
                it.remove();
                return c;
            }
        }
        return null;
    }

    /**
     * Checks a file before reading: a shrink or a changed first line means it was truncated and written again
     * (copytruncate); its old position is kept for a copy, and it is read from 0. Returns the current size.
     */
    public long checkTruncation(TrackedFile f, long nowNanos) throws IOException {
        return checkTruncation(f, nowNanos, false);
    }

    /** As above; {@code always} compares the first line even when the size did not change (a same-size rewrite). */
    private long checkTruncation(TrackedFile f, long nowNanos, boolean always) throws IOException {
        Tailer t = f.tailer;
        long size = t.size();
        boolean shrunk = t.truncated();
        boolean rewritten = !shrunk && (always || size != f.lastSize) && t.rewritten();
        if (shrunk || rewritten) {
            log.warn("File was truncated, reading it again from the start [path={}, fileId={}, offset={}, size={}]",
                    f.path, t.source().id(), t.position(), size);
            truncated.add(checkpointOf(f, System.currentTimeMillis()));
            t.rewind();
            f.lastSize = 0;
            f.acked(0);
        } else if (t.source().fingerprint() == Fingerprint.NOT_YET && size > 0) {
            t.refreshFingerprint();
        }
        f.observeSize(size, nowNanos);
        return size;
    }

    /** Checkpoints to commit: every open file at its position, plus those of files not open now. */
    public List<Checkpoint> checkpoints() {
        long now = System.currentTimeMillis();
        List<Checkpoint> all = new ArrayList<>(open.size() + retained.size());
        for (TrackedFile f : open.values()) {
            if (f.source().fingerprint() != Fingerprint.NOT_YET) all.add(checkpointOf(f, now));
        }
        all.addAll(retained);
        return all;
    }

    private static Checkpoint checkpointOf(TrackedFile f, long nowMillis) {
        FileSource s = f.tailer.source();
        return new Checkpoint(s.id(), s.fingerprint(), f.path.toString(), f.tailer.position(), nowMillis);
    }

    /** gzip, bzip2, xz, zstd and zip magic numbers: rotated logs compressed in place must not be parsed as lines. */
    static boolean isCompressed(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(6);
        channel.read(head, 0);
        byte[] b = head.array();
        int n = head.position();
        return (n >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B)
                || (n >= 3 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h')
                || (n >= 6 && (b[0] & 0xFF) == 0xFD && b[1] == '7' && b[2] == 'z' && b[3] == 'X' && b[4] == 'Z' && b[5] == 0)
                || (n >= 4 && (b[0] & 0xFF) == 0x28 && (b[1] & 0xFF) == 0xB5 && (b[2] & 0xFF) == 0x2F && (b[3] & 0xFF) == 0xFD)
                || (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4);
    }

    @Override
    public void close() throws IOException {
        for (TrackedFile f : open.values()) f.tailer.close();
        open.clear();
    }
}
