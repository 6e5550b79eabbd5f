package io.stratmon.shipper.tail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells the {@link FileTailer} what changed, so an idle tailer can sleep instead of asking every file: a
 * {@link WatchService} (inotify on Linux) on every directory the globs can match in, and a thread of its own that
 * takes its events as they come.
 * <ul>
 *   <li>A file written ({@code ENTRY_MODIFY}) is noted by path: the tailer reads it (or reopens it) on its next poll.</li>
 *   <li>A name created or renamed in ({@code ENTRY_CREATE}) that a glob matches is <em>opened at once</em>, on this
 *       thread, and handed over with its identity ({@link Pinned}): a file that is renamed out of the glob soon after
 *       (rotation at 10,000 lines/s gives a file 0.4 s at its path) is still drained, however long the reading thread
 *       was busy (JIT, a slow QuestDB, a big batch). A created directory is watched too.</li>
 *   <li>Names created or removed make the tailer expand its globs again (rate-limited to {@code scanInterval}).</li>
 * </ul>
 * The watch is given up, and the tailer polls every {@code scanInterval} as it would without it, when it cannot cover
 * every directory: more than {@code maxDirectories} of them, a directory on a network file system (whose changes from
 * other hosts inotify does not see), or the kernel's inotify limits. An {@code OVERFLOW} (events lost) asks for a
 * full scan. {@link #degraded()} says so; the reason is logged once.
 */
final class DirectoryWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DirectoryWatch.class);
    /** File system types whose changes may come from elsewhere, unseen by inotify: polled instead. */
    private static final Set<String> REMOTE = Set.of("nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "9p",
            "ceph", "glusterfs", "gpfs", "lustre", "afs", "vboxsf", "vmhgfs", "sshfs", "fuse.sshfs", "davfs", "fuse.glusterfs");
    /** Files opened by this thread and not yet taken by the tailer, at most: beyond, the tailer's scan finds them. */
    static final int MAX_PINNED = 64;

    /** A file that appeared at a path a glob matches, opened at once; the tailer owns (and closes) the channel. */
    record Pinned(Path path, FileStat stat, FileChannel channel) {}

    private final List<FileScanner> scanners;
    private final FileOpener opener;
    private final int maxDirectories;
    private final Wakeup wakeup;
    private final WatchService service;
    private final Map<WatchKey, Path> keys = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Pinned> pinned = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pinnedCount = new AtomicInteger();
    /** Written paths, with how many write events each had (the JDK counts repeats while a key waits). */
    private final Map<Path, Integer> modified = new ConcurrentHashMap<>();
    private final AtomicBoolean entriesChanged = new AtomicBoolean();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private volatile String degraded;
    private volatile boolean closed;
    private final Thread thread;

    private DirectoryWatch(List<FileScanner> scanners, FileOpener opener, int maxDirectories, Wakeup wakeup,
                           WatchService service) {
        this.scanners = scanners;
        this.opener = opener;
        this.maxDirectories = maxDirectories;
        this.wakeup = wakeup;
        this.service = service;
        this.thread = new Thread(this::run, "stratmon-shipper-watch");
        this.thread.setDaemon(true);
    }

    /** Watches every directory the scanners' globs can match in; null (and one log line) when it cannot. */
    static DirectoryWatch start(List<FileScanner> scanners, FileOpener opener, int maxDirectories, Wakeup wakeup) {
        WatchService service;
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            log.info("Cannot watch directories, polling them instead [error={}]", e.toString());
            return null;
        }
        DirectoryWatch watch = new DirectoryWatch(scanners, opener, maxDirectories, wakeup, service);
        watch.registerAll();
        if (watch.degraded != null) {
            log.info("Polling the log directories instead of watching them [reason={}]", watch.degraded);
            watch.close();
            return null;
        }
        watch.thread.start();
        return watch;
    }

    /** Why the watch no longer covers everything (the tailer then polls), or null. */
    String degraded() { return degraded; }

    int directories() { return keys.size(); }

    /** Files that appeared since the last call, opened. */
    List<Pinned> takePinned() {
        List<Pinned> taken = new ArrayList<>();
        for (Pinned p; (p = pinned.poll()) != null; ) {
            pinnedCount.decrementAndGet();
            taken.add(p);
        }
        return taken;
    }

    /** Paths written since the last call, with their write events: more than one means writes come faster than reads. */
    Map<Path, Integer> takeModified() {
        if (modified.isEmpty()) return Map.of();
        Map<Path, Integer> taken = new HashMap<>();
        for (Path p : modified.keySet()) taken.put(p, modified.remove(p)); // only this thread removes
        return taken;
    }

    /** Whether names were created or removed (or events lost) since the last call: the globs should be expanded again. */
    boolean takeEntriesChanged() {
        boolean overflow = overflowed.getAndSet(false);
        return entriesChanged.getAndSet(false) | overflow;
    }

    /**
     * Turns off {@code dir}'s write events (names created and removed still come) while the tailer reads its files on a
     * timer: a file written a thousand times a second costs a thousand events otherwise, each a wake-up of the JDK's
     * inotify thread and of this one. False when {@code dir} is not watched as such. Reading thread only.
     */
    boolean mute(Path dir) {
        return degraded == null && keys.containsValue(dir)
                && reregister(dir, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
    }

    /** Write events on again: every write after it returns makes one (a failure degrades the watch: the tailer polls). */
    void unmute(Path dir) {
        reregister(dir, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
    }

    private boolean reregister(Path dir, WatchEvent.Kind<?>... kinds) {
        try {
            keys.put(dir.register(service, kinds), dir); // inotify_add_watch on a watched directory replaces its mask
            return true;
        } catch (java.nio.file.NoSuchFileException e) {
            entriesChanged.set(true); // gone: the next scan sees the new state
        } catch (IOException | RuntimeException e) { // e.g. ClosedWatchServiceException at stop
            if (!closed) degraded = "cannot watch a directory again [dir=" + dir + ", error=" + e + "]";
        }
        return false;
    }

    /** Registers every directory under every glob's base (to its depth), or the nearest existing parent of a missing one. */
    private void registerAll() {
        for (FileScanner scanner : scanners) {
            for (FileScanner.Root root : scanner.roots()) {
                Path base = root.depth() == 0 ? root.base().getParent() : root.base();
                if (base == null) continue;
                if (Files.isDirectory(base)) registerTree(base, root.depth() == 0 ? 0 : root.depth() - 1);
                else registerNearestParent(base);
                if (degraded != null) return;
            }
        }
    }

    private void registerNearestParent(Path missing) {
        Path d = missing.getParent();
        while (d != null && !Files.isDirectory(d)) d = d.getParent();
        if (d != null) register(d);
    }

    /** {@code dir} and its subdirectories down to {@code levels} below it. */
    private void registerTree(Path dir, int levels) {
        if (levels <= 0) {
            register(dir);
            return;
        }
        try {
            Files.walkFileTree(dir, EnumSet.noneOf(java.nio.file.FileVisitOption.class), levels, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    register(d);
                    return degraded == null ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // vanished or unreadable meanwhile: a scan looks again
                }
            });
        } catch (IOException e) {
            entriesChanged.set(true);
        }
    }

    private void register(Path dir) {
        if (degraded != null) return;
        try {
            String type = Files.getFileStore(dir).type().toLowerCase(Locale.ROOT);
            if (REMOTE.contains(type) || type.startsWith("nfs") || type.startsWith("fuse.")) {
                degraded = "network or FUSE file system [dir=" + dir + ", type=" + type + "]";
                return;
            }
            WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            keys.put(key, dir);
            if (keys.size() > maxDirectories) degraded = "more directories than the watch cap [max=" + maxDirectories + "]";
        } catch (java.nio.file.NoSuchFileException e) {
            entriesChanged.set(true); // gone meanwhile: the next scan sees the new state
        } catch (IOException e) {
            degraded = "cannot watch a directory [dir=" + dir + ", error=" + e + "]"; // e.g. the inotify watch limit
        }
    }

    private void run() {
        try {
            while (!closed) {
                WatchKey key = service.take();
                Path dir = keys.get(key);
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (dir == null || event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        overflowed.set(true);
                        continue;
                    }
                    Path path = dir.resolve((Path) event.context());
                    if (event.kind() == StandardWatchEventKinds.ENTRY_MODIFY) {
                        modified.merge(path, event.count(), Integer::sum);
                    } else if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                        entriesChanged.set(true);
                        created(path);
                    } else {
                        entriesChanged.set(true);
                    }
                }
                if (!key.reset()) {
                    keys.remove(key); // the directory is gone
                    entriesChanged.set(true);
                }
                wakeup.signal();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        } catch (RuntimeException e) {
            degraded = "watch thread failed [error=" + e + "]";
            log.warn("Directory watch failed, polling instead [error={}]", e.toString());
            wakeup.signal();
        }
    }

    private void created(Path path) {
        if (Files.isDirectory(path)) {
            registerAll(); // a directory a glob reaches into (or one on the way to a missing base)
            if (degraded != null) log.info("Polling the log directories instead of watching them [reason={}]", degraded);
            return;
        }
        boolean matched = false;
        for (FileScanner s : scanners) matched |= s.matches(path);
        if (!matched || pinnedCount.get() >= MAX_PINNED) return;
        try {
            FileStat before = FileStat.of(path);
            FileChannel channel = opener.open(path);
            FileStat after = FileStat.of(path);
            if (!before.id().equals(after.id())) {
                channel.close(); // replaced between the two: the scan sorts it out
                return;
            }
            pinned.add(new Pinned(path, after, channel));
            pinnedCount.incrementAndGet();
        } catch (IOException e) {
            // Gone already, or not readable: the scan (with its backoff and one log line) deals with it.
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            service.close();
        } catch (IOException ignored) {
            // Nothing to release beyond the inotify descriptor, which goes with it.
        }
        for (Pinned p; (p = pinned.poll()) != null; ) {
            try {
                p.channel().close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }
}
