package io.stratmon.shipper.tail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What a {@link DirectoryWatch} saw since the last poll, applied to the {@link FileTailer}'s files: new files (already
 * open) tracked, written ones marked to be read (or reopened), changed names turned into a scan request. Reading
 * thread only.
 */
final class WatchEvents {
    private static final Logger log = LoggerFactory.getLogger(FileTailer.class);

    private final List<FileScanner> scanners;
    private final Map<FileId, TrackedFile> files;
    private final Map<Path, TrackedFile> byPath;
    private final Set<Path> skipped;
    private final Admission admission;
    private final HotFiles hot;
    private final Descriptors descriptors;
    private final ScanSchedule schedule;
    private final UnaryOperator<TrackedFile> track;

    /** @param track the tailer's own: tracks a file it opened (null: none) and returns it */
    WatchEvents(List<FileScanner> scanners, Map<FileId, TrackedFile> files, Map<Path, TrackedFile> byPath, Set<Path> skipped,
                Admission admission, HotFiles hot, Descriptors descriptors, ScanSchedule schedule, UnaryOperator<TrackedFile> track) {
        this.scanners = scanners;
        this.files = files;
        this.byPath = byPath;
        this.skipped = skipped;
        this.admission = admission;
        this.hot = hot;
        this.descriptors = descriptors;
        this.schedule = schedule;
        this.track = track;
    }

    /** @param streaming told of files written more than once since the last poll (null: none) */
    void take(DirectoryWatch watch, StreamingDirs streaming, long now) {
        for (DirectoryWatch.Pinned p : watch.takePinned()) adopt(p, now);
        for (Map.Entry<Path, Integer> written : watch.takeModified().entrySet()) {
            Path path = written.getKey();
            TrackedFile f = byPath.get(path);
            if (f == null || !f.path.equals(path) || !files.containsKey(f.source.id())) {
                if (FileScanner.inputOf(scanners, path) >= 0) schedule.request(); // written but not known: e.g. not opened at the open-files cap
                continue;
            }
            hot.dirty(f);
            if (written.getValue() > 1 && streaming != null) streaming.writtenFast(f);
            if (!f.isOpen() && f.error == null) descriptors.reopen(f, now); // an idle file grew
        }
        if (watch.takeEntriesChanged()) schedule.request();
    }

    /** A file the watch opened the moment it appeared: tracked like one a scan found, drained even if renamed away since. */
    private void adopt(DirectoryWatch.Pinned p, long now) {
        TrackedFile known = files.get(p.stat().id());
        if (known != null || skipped.contains(p.path())) {
            Admission.closeQuietly(p.channel());
            if (known != null) hot.dirty(known);
            return;
        }
        TrackedFile f = track.apply(admission.open(Math.max(0, FileScanner.inputOf(scanners, p.path())), p.path(), p.stat(), now, p.channel()));
        if (f == null) return;
        try {
            if (FileStat.of(p.path()).id().equals(p.stat().id())) return;
        } catch (IOException e) {
            // not at its path any more
        }
        f.orphanedSinceNanos = now;
        log.info("File renamed away before it was read, draining it [path={}, fileId={}]", p.path(), p.stat().id());
    }
}
