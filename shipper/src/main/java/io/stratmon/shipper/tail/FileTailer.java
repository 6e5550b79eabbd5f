package io.stratmon.shipper.tail;

import io.stratmon.shipper.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.stratmon.shipper.tail.LineSource.LINGER;

/**
 * The file tailer: finds the files the inputs' globs match, decides where to start in each ({@link ResumeRules}),
 * reads them into {@link Batch}es, and survives rotation. A file no longer at its path (renamed away, deleted) stays
 * open until drained (by its size now) and quiet for {@code rotateWait}; one that shrinks or whose content before the
 * read position changes was truncated (copytruncate): read again from 0, its old cursor kept for a copy. Compressed
 * files are skipped. An I/O error on one file is logged once and retried with capped backoff; the others go on.
 * Descriptors are bounded ({@code maxOpenFiles}; a drained file idle for {@code closeIdleAfter} is closed, reopened
 * by identity when it grows). Between scans a poll reads only the {@link HotFiles}: idle files cost it nothing.
 * <p>
 * With {@link TailOptions#watch()}, a {@link DirectoryWatch} says what changed: a written file is read on the next
 * poll, the globs are expanded again only when names change (plus a slowing safety scan, {@link ScanSchedule}), a new
 * file is held open from the moment it appears, and {@link #await} sleeps until something happens. Not thread-safe
 * (but {@link #wakeUp()} may be called from any thread).
 */
public final class FileTailer implements LineSource {
    private static final Logger log = LoggerFactory.getLogger(FileTailer.class);
    private static final long FORGET_AFTER_MILLIS = 7L * 24 * 3600 * 1000;

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
    private final Admission admission;
    private final ScanSchedule schedule;
    private final Wakeup wakeup = new Wakeup();
    private final Batch.Chunks chunks = new Batch.Chunks(16); // of delivered batches: two batches' worth at full speed
    private DirectoryWatch watch;
    /** Directories read on a timer while their files keep growing, write events muted (null: not watched). */
    private StreamingDirs streaming;
    private final WatchEvents events;
    /** Tracked files by the path they were last seen at (watch events name paths). */
    private final Map<Path, TrackedFile> byPath = new HashMap<>();
    private final HotFiles hot = new HotFiles();
    private int changes;
    private boolean relocated;

    public FileTailer(List<FileScanner> scanners, TailOptions options, Collection<Cursor> cursors, Clock clock,
                      FileOpener opener) {
        this.scanners = scanners;
        this.options = options;
        this.clock = clock;
        this.opener = opener;
        this.retained.addAll(cursors);
        this.failedOpens = new OpenFailures(options);
        this.descriptors = new Descriptors(options, opener);
        this.admission = new Admission(options, opener, failedOpens, descriptors, skipped, retained, truncated, files, clock);
        // Watch first, so that nothing created between the first scan and the watch goes unseen.
        this.watch = options.watch() ? DirectoryWatch.start(scanners, opener, options.maxWatchedDirectories(), wakeup) : null;
        this.schedule = new ScanSchedule(options.scanInterval().toNanos(), TailOptions.SAFETY_SCAN_MAX.toNanos(), watch != null, clock.nanos());
        this.streaming = watch == null ? null : new StreamingDirs(watch, byPath, files, LINGER.toNanos());
        this.events = new WatchEvents(scanners, files, byPath, skipped, admission, hot, descriptors, schedule, this::track);
    }

    /** Whether a directory watch tells it about changes (false: it polls). */
    public boolean watching() { return watch != null; }

    /**
     * Watched: until a directory changes, the next scan, or {@code 50 × pollMillis} (at most 1 s); a linger window at
     * most while a directory is read on a timer ({@link StreamingDirs}). Polling: {@code pollMillis}.
     */
    @Override
    public void await(long pollMillis) throws InterruptedException {
        if (watch == null) clock.sleep(pollMillis);
        else wakeup.await(streaming.any() ? Math.min(pollMillis, LINGER.toMillis()) : untilDue(pollMillis));
    }

    /** Watched: {@code millis}, then (unless a directory is read on a timer) until something is written. */
    @Override
    public void linger(long millis) throws InterruptedException {
        if (watch == null) return;
        if (streaming.any()) clock.sleep(millis);
        else wakeup.await(millis, untilDue(millis));
    }

    private long untilDue(long pollMillis) {
        return Math.min(Math.min(1_000, pollMillis * 50), schedule.millisUntilDue(clock.nanos()));
    }

    @Override
    public void wakeUp() { wakeup.signal(); }

    @Override
    public Batch poll(Budget budget) {
        long now = clock.nanos();
        if (watch != null) {
            wakeup.clear(); // what was announced until now, this poll reads
            takeEvents(now);
        }
        if (streaming != null) streaming.tick(hot, now);
        boolean full = schedule.due(now);
        if (full) {
            int before = changes;
            scan(now);
            schedule.scanned(now, changes != before);
        }
        for (TrackedFile f : admission.admitWaiting(now, files.keySet())) track(f); // found at the cap, room now
        Batch.Builder batch = new Batch.Builder(chunks);
        for (TrackedFile f : hot.toRead(files.values(), full, now)) {
            if (batch.bytes() >= budget.bytes() || batch.lines() >= budget.lines()) break;
            if (!f.isOpen()) continue; // failed earlier in this poll
            try {
                read(f, batch, budget, now);
                descriptors.readable(f);
            } catch (IOException | UncheckedIOException e) {
                descriptors.failed(f, e, now);
            }
        }
        if (streaming != null && budget.lines() > 0 && streaming.settle(now)) wakeup.signal(); // unmuted: read once more first
        return batch.build(batch.bytes() > 0 ? TrackedFile.cursors(files.values(), retained, clock.millis()) : List.of());
    }

    /** What the watch saw since the last poll (or, when it gave up, polling from now on). */
    private void takeEvents(long now) {
        if (watch.degraded() == null) {
            events.take(watch, streaming, now);
            return;
        }
        watch.close(); // the reason was logged by the watch
        watch = null;
        streaming = null;
        schedule.unwatched(now);
    }

    /**
     * Checks a file for truncation, then reads what it has now. The content is compared again (first line, bytes
     * before the read position) only when its size changed, it was written (watch) or a scan saw a new mtime.
     */
    private void read(TrackedFile f, Batch.Builder batch, Budget budget, long now) throws IOException {
        Tailer t = f.tailer;
        long size = t.size();
        boolean shrunk = size < t.readOffset();
        boolean check = size != f.lastSize || f.statChanged || f.dirty;
        f.statChanged = false;
        f.dirty = false;
        if (shrunk || (check && t.rewritten())) {
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
            descriptors.touched(f, now);
            hot.add(f);
            if (streaming != null) streaming.read(f, now);
        }
        if (batch.bytes() >= budget.bytes() || batch.lines() >= budget.lines()) hot.dirty(f); // may have more
        f.sync();
    }

    /** Expands the globs again: opens new files, reopens grown idle ones, drains orphans, forgets old cursors. */
    private void scan(long now) {
        long wallMillis = System.currentTimeMillis(); // compared with file system times, not the injected clock
        Set<FileId> seen = new HashSet<>();
        Set<Path> matched = new HashSet<>();
        for (int input = 0; input < scanners.size(); input++) {
            for (FileScanner.Found found : scanners.get(input).scan(watch != null)) {
                Path path = found.path();
                matched.add(path);
                if (found.stat() == null && TrackedFile.unchanged(byPath.get(path), path, files, seen)) continue; // the watch reports writes
                FileStat stat = failedOpens.stat(found, now); // null: gone since, or failing (logged once, retried)
                if (stat == null || !seen.add(stat.id())) continue; // the same file through two globs or a symlink
                TrackedFile known = files.get(stat.id());
                if (known == null) {
                    if (!skipped.contains(path)) track(admission.open(input, path, stat, now, null));
                    continue;
                }
                boolean changed = stat.size() != known.lastSize || stat.modifiedNanos() != known.lastModifiedNanos;
                if (known.seenAt(path, stat, wallMillis)) changes++;
                if (!known.isOpen() && (known.error != null ? now - known.retryAtNanos >= 0 : changed)) {
                    descriptors.reopen(known, now);
                    hot.add(known);
                    changes++;
                }
            }
        }
        failedOpens.retainAll(matched);
        if (!relocated) {
            relocated = true;
            for (Relocator.Found found : Relocator.relocate(retained, seen, opener)) {
                track(admission.relocated(found, Math.max(0, FileScanner.inputOf(scanners, Path.of(found.cursor().path()))), now));
            }
        }
        forgetOrphans(seen, now);
        descriptors.closeIdle(now);
        long forgetBefore = clock.millis() - FORGET_AFTER_MILLIS;
        retained.removeIf(c -> c.updatedMillis() < forgetBefore);
        truncated.removeIf(c -> c.updatedMillis() < forgetBefore);
        byPath.clear();
        for (TrackedFile f : files.values()) byPath.put(f.path, f);
        if (streaming != null && streaming.rescanned()) wakeup.signal();
    }

    private void forgetOrphans(Set<FileId> seen, long now) {
        for (Iterator<Map.Entry<FileId, TrackedFile>> it = files.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<FileId, TrackedFile> e = it.next();
            TrackedFile f = e.getValue();
            if (seen.contains(e.getKey())) continue;
            if (f.isOpen() && f.orphanedSinceNanos < 0) {
                f.orphanedSinceNanos = now;
                hot.add(f);
                changes++;
                log.info("File no longer at its path, draining it [path={}, fileId={}, offset={}]", f.path, e.getKey(), f.tailer.position());
            }
            long quietSince = Math.max(f.orphanedSinceNanos, f.lastReadNanos);
            if (!f.isOpen() || (now - quietSince >= options.rotateWait().toNanos() && Descriptors.drained(f))) {
                it.remove();
                hot.remove(f);
                byPath.remove(f.path, f);
                retained.add(f.cursor(clock.millis()));
                changes++; // the file leaves the status
                log.info("Closed drained file [path={}, fileId={}, offset={}]", f.path, e.getKey(), f.position);
                descriptors.close(f);
            }
        }
    }

    private TrackedFile track(TrackedFile f) {
        if (f != null) {
            files.put(f.source.id(), f);
            byPath.put(f.path, f);
            hot.add(f);
            changes++;
            if (streaming != null && streaming.tracked(f)) wakeup.signal();
        }
        return f;
    }

    @Override
    public List<FileState> files() {
        List<FileState> states = new ArrayList<>(files.size());
        for (TrackedFile f : files.values()) states.add(f.state());
        failedOpens.addStates(states);
        return states;
    }

    @Override
    public long changes() { return changes + descriptors.changes() + failedOpens.changes(); }

    /** Directories read on a timer now, their write events muted (tests). */
    int mutedDirectories() { return streaming == null ? 0 : streaming.muted(); }

    /** How many files hold a descriptor now. */
    public int openFiles() {
        return descriptors.open();
    }

    @Override
    public void close() {
        if (watch != null) watch.close();
        for (TrackedFile f : files.values()) descriptors.close(f);
    }
}
