package io.stratmon.shipper.tail;

import io.stratmon.shipper.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The file tailer: finds the files the inputs' globs match, decides where to start in each ({@link ResumeRules}),
 * reads them into {@link Batch}es, and survives rotation.
 * <p>
 * A file whose path no longer leads to it (renamed away, deleted) stays open until it is drained and quiet for
 * {@code rotateWait}. A file that shrinks, or whose first line changes, was truncated (copytruncate): its old cursor
 * is kept for a copy that may show up, and it is read again from 0. Compressed files are skipped.
 * <p>
 * One bad file never stops the others: an I/O error on a file is logged once and the file is tried again with capped
 * backoff. File descriptors are bounded: a drained file idle for {@code closeIdleAfter} is closed and reopened (by
 * identity) when it grows, and at most {@code maxOpenFiles} are open at once (drained files make room for new ones).
 * Files not read for a while are only looked at on scans, so thousands of idle files cost little. Not thread-safe.
 */
public final class FileTailer implements LineSource {
    private static final Logger log = LoggerFactory.getLogger(FileTailer.class);
    private static final long FORGET_AFTER_MILLIS = 7L * 24 * 3600 * 1000;
    /** A file read within this time is looked at on every poll; others on scans only. */
    private static final long HOT_NANOS = 10_000_000_000L;

    private final List<FileScanner> scanners;
    private final TailOptions options;
    private final Clock clock;
    private final FileOpener opener;
    private final Map<FileId, TrackedFile> files = new LinkedHashMap<>();
    /** Cursors of files not known in this run (rotated away, shipper restarted), by inode + fingerprint. */
    private final List<Cursor> retained = new ArrayList<>();
    /** Cursors of contents that were truncated away: a copy of them may still appear. */
    private final List<Cursor> truncated = new ArrayList<>();
    private final OpenFailures failedOpens;
    private final Set<Path> skipped = new HashSet<>();
    private final Descriptors descriptors;
    private long nextScanNanos;
    private boolean relocated;

    public FileTailer(List<FileScanner> scanners, TailOptions options, Collection<Cursor> cursors, Clock clock,
                      FileOpener opener) {
        this.scanners = scanners;
        this.options = options;
        this.clock = clock;
        this.opener = opener;
        this.retained.addAll(cursors);
        this.failedOpens = new OpenFailures(options);
        this.descriptors = new Descriptors(files.values(), options, opener);
        this.nextScanNanos = clock.nanos();
    }

    @Override
    public Batch poll(Budget budget) {
        long now = clock.nanos();
        boolean full = now - nextScanNanos >= 0;
        if (full) {
            scan(now);
            nextScanNanos = now + options.scanInterval().toNanos();
        }
        Batch.Builder batch = new Batch.Builder();
        for (TrackedFile f : files.values()) {
            if (batch.bytes() >= budget.bytes() || batch.lines() >= budget.lines()) break;
            if (!f.isOpen() || (!full && now - f.lastReadNanos > HOT_NANOS)) continue;
            try {
                read(f, batch, budget, now, full);
                if (f.error != null) {
                    log.info("File readable again [path={}, fileId={}]", f.path, f.source.id());
                    f.error = null;
                }
            } catch (IOException | UncheckedIOException e) {
                descriptors.failed(f, e, now);
            }
        }
        return batch.build(batch.bytes() > 0 ? cursors() : List.of());
    }

    /** Checks a file for truncation, then reads what it has now. {@code full}: also compares a same-size first line. */
    private void read(TrackedFile f, Batch.Builder batch, Budget budget, long now, boolean full) throws IOException {
        Tailer t = f.tailer;
        long size = t.size();
        boolean shrunk = size < t.readOffset();
        if (shrunk || ((full || size != f.lastSize) && t.rewritten())) {
            log.warn("File was truncated, reading it again from the start [path={}, fileId={}, offset={}, size={}]",
                    f.path, t.source().id(), t.position(), size);
            truncated.add(f.cursor(clock.millis()));
            t.rewind();
        } else if (t.source().fingerprint() == Fingerprint.NOT_YET && size > 0) {
            t.refreshFingerprint();
        }
        f.lastSize = size;
        if (t.source().fingerprint() == Fingerprint.NOT_YET || (size <= t.readOffset() && t.position() >= t.readOffset())) {
            f.sync();
            return; // no complete first line yet, or nothing new in the file nor buffered
        }
        int linesBefore = batch.lines();
        long consumed = t.read(batch, budget.bytes() - batch.bytes(), budget.lines() - batch.lines());
        if (consumed > 0) {
            batch.read(t.source(), batch.lines() - linesBefore, consumed, t.position());
            f.lastReadNanos = now;
        }
        f.sync();
    }

    /** Expands the globs again: opens new files, reopens grown idle ones, drains orphans, forgets old cursors. */
    private void scan(long now) {
        Set<FileId> seen = new HashSet<>();
        Set<Path> matched = new HashSet<>();
        for (int input = 0; input < scanners.size(); input++) {
            for (Path path : scanners.get(input).scan()) {
                matched.add(path);
                FileStat stat;
                try {
                    stat = FileStat.of(path);
                } catch (NoSuchFileException e) {
                    continue; // rotated away between the scan and now: the next scan finds it under its new name
                } catch (IOException e) {
                    failedOpens.failed(path, e, now);
                    continue;
                }
                if (!seen.add(stat.id())) continue; // the same file through two globs or a symlink
                TrackedFile known = files.get(stat.id());
                if (known == null) {
                    if (!skipped.contains(path)) open(input, path, stat, now);
                    continue;
                }
                if (!known.path.equals(path)) log.info("File renamed [from={}, to={}, fileId={}]", known.path, path, stat.id());
                known.path = path;
                known.orphanedSinceNanos = -1;
                boolean changed = stat.size() != known.lastSize || stat.modifiedNanos() != known.lastModifiedNanos;
                known.lastModifiedNanos = stat.modifiedNanos();
                if (!known.isOpen() && (known.error != null ? now - known.retryAtNanos >= 0 : changed)) descriptors.reopen(known, now);
            }
        }
        failedOpens.retainAll(matched);
        if (!relocated) {
            relocated = true;
            for (Relocator.Found found : Relocator.relocate(retained, seen, opener)) drainRelocated(found, now);
        }
        forgetOrphans(seen, now);
        descriptors.closeIdle(now);
        long forgetBefore = clock.millis() - FORGET_AFTER_MILLIS;
        retained.removeIf(c -> c.updatedMillis() < forgetBefore);
        truncated.removeIf(c -> c.updatedMillis() < forgetBefore);
    }

    private void forgetOrphans(Set<FileId> seen, long now) {
        for (Iterator<Map.Entry<FileId, TrackedFile>> it = files.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<FileId, TrackedFile> e = it.next();
            TrackedFile f = e.getValue();
            if (seen.contains(e.getKey())) continue;
            if (f.isOpen() && f.orphanedSinceNanos < 0) {
                f.orphanedSinceNanos = now;
                log.info("File no longer at its path, draining it [path={}, fileId={}, offset={}]", f.path, e.getKey(), f.tailer.position());
            }
            long quietSince = Math.max(f.orphanedSinceNanos, f.lastReadNanos);
            if (!f.isOpen() || (f.tailer.position() >= f.lastSize && now - quietSince >= options.rotateWait().toNanos())) {
                it.remove();
                retained.add(f.cursor(clock.millis()));
                log.info("Closed drained file [path={}, fileId={}, offset={}]", f.path, e.getKey(), f.position);
                descriptors.close(f);
            }
        }
    }

    /** Opens a file found by identity under another name as an orphan: drained from its cursor, then forgotten. */
    private void drainRelocated(Relocator.Found found, long now) {
        try {
            FileChannel channel = opener.open(found.path());
            int input = 0;
            while (input < scanners.size() - 1 && !scanners.get(input).matches(Path.of(found.cursor().path()))) input++;
            Tailer tailer = Tailer.open(channel, new FileSource(found.path(), found.stat().id(), found.cursor().fingerprint(), input),
                    found.cursor().offset(), options.maxLineBytes());
            TrackedFile f = new TrackedFile(tailer, found.path(), found.stat().size(), now);
            f.orphanedSinceNanos = now;
            retained.remove(found.cursor());
            files.put(found.stat().id(), f);
            descriptors.opened();
        } catch (IOException e) {
            failedOpens.failed(found.path(), e, now);
        }
    }

    private void open(int input, Path path, FileStat stat, long now) {
        if (!failedOpens.due(path, now) || !descriptors.makeRoom()) return; // later: in backoff, or at the open-files cap
        FileChannel channel;
        try {
            channel = opener.open(path);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            failedOpens.failed(path, e, now);
            return;
        }
        try {
            if (Compression.isCompressed(channel)) {
                if (skipped.add(path)) log.info("Skipping compressed file [path={}]", path);
                channel.close();
                return;
            }
            long size = channel.size();
            long fingerprint = Fingerprint.of(channel);
            ResumeRules.Decision d = ResumeRules.decide(stat.id(), fingerprint, size, options.startAtEnd(), retained,
                    truncated, sameContent(fingerprint));
            retained.remove(d.matched());
            truncated.remove(d.matched());
            Tailer tailer = Tailer.open(channel, new FileSource(path, stat.id(), fingerprint, input), d.offset(), options.maxLineBytes());
            TrackedFile f = new TrackedFile(tailer, path, size, now);
            f.lastModifiedNanos = stat.modifiedNanos();
            files.put(stat.id(), f);
            descriptors.opened();
            failedOpens.opened(path);
            log.info("Opened file [path={}, fileId={}, src={}, offset={}, size={}, rule={}]", path, stat.id(),
                    tailer.source().src(), d.offset(), size, d.reason());
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; the descriptor goes with the channel.
            }
            if (e instanceof RuntimeException r) throw r;
            failedOpens.failed(path, (IOException) e, now);
        }
    }

    /** Cursors of the files known in this run that start with the same first line. */
    private List<Cursor> sameContent(long fingerprint) {
        List<Cursor> same = new ArrayList<>();
        if (fingerprint == Fingerprint.NOT_YET) return same;
        for (TrackedFile f : files.values()) {
            if (f.source.fingerprint() == fingerprint) same.add(f.cursor(clock.millis()));
        }
        return same;
    }

    /** Every file's cursor now, plus those of files not known in this run. */
    private List<Cursor> cursors() {
        long millis = clock.millis();
        List<Cursor> all = new ArrayList<>(files.size() + retained.size());
        for (TrackedFile f : files.values()) {
            if (f.source.fingerprint() != Fingerprint.NOT_YET) all.add(f.cursor(millis));
        }
        all.addAll(retained);
        return all;
    }

    @Override
    public List<FileState> files() {
        List<FileState> states = new ArrayList<>(files.size());
        for (TrackedFile f : files.values()) states.add(f.state());
        failedOpens.addStates(states);
        return states;
    }

    /** How many files hold a descriptor now. */
    public int openFiles() {
        return descriptors.open();
    }

    @Override
    public void close() {
        for (TrackedFile f : files.values()) descriptors.close(f);
    }
}
