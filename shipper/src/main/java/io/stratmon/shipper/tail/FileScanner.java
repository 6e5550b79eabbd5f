package io.stratmon.shipper.tail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds the files that paths or globs match now: {@code logs/app.jsonl}, {@code logs/*.jsonl},
 * {@code /var/log/**}{@code /*.json}. Relative patterns are resolved against the working directory.
 * Symlinks to files are matched; directories are walked without following links.
 */
public final class FileScanner {
    private final List<Pattern> patterns = new ArrayList<>();

    private record Pattern(String text, Path base, int depth, PathMatcher matcher, Map<Path, Listing> listings) {}

    /** The last scan's result while it may be returned again (trusted directories, nothing changed). */
    private List<Found> last;

    public FileScanner(List<String> globs) {
        for (String glob : globs) {
            patterns.add(compile(glob));
        }
    }

    private static Pattern compile(String glob) {
        Path absolute = Path.of(glob).toAbsolutePath().normalize();
        Path base = absolute.getRoot();
        int depth = 0;
        boolean inGlob = false;
        for (Path segment : absolute) {
            String s = segment.toString();
            if (!inGlob && !hasMeta(s)) {
                base = base.resolve(s);
            } else {
                inGlob = true;
                depth = s.contains("**") ? Integer.MAX_VALUE : (depth == Integer.MAX_VALUE ? depth : depth + 1);
            }
        }
        String pattern = absolute.toString().replace("\\", "\\\\");
        return new Pattern(glob, base, depth, FileSystems.getDefault().getPathMatcher("glob:" + pattern), new HashMap<>());
    }

    private static boolean hasMeta(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    /**
     * Where each pattern's files can be: its fixed leading directory and how many levels of directories below it the
     * glob reaches (0: the pattern is one file path, {@code base} itself; {@link Integer#MAX_VALUE}: {@code **}).
     */
    public record Root(Path base, int depth) {}

    public List<Root> roots() {
        List<Root> roots = new ArrayList<>();
        for (Pattern p : patterns) roots.add(new Root(p.base(), p.depth()));
        return roots;
    }

    /** The index of the first scanner matching {@code path}, or -1. */
    static int inputOf(List<FileScanner> scanners, Path path) {
        for (int i = 0; i < scanners.size(); i++) {
            if (scanners.get(i).matches(path)) return i;
        }
        return -1;
    }

    /** Whether a path is one this scanner's patterns match (it may not exist now). */
    public boolean matches(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        for (Pattern p : patterns) {
            if (p.matcher().matches(absolute)) return true;
        }
        return false;
    }

    /** The regular files (or links to them) matching any pattern now, sorted by path. */
    public List<Path> scan() {
        List<Path> paths = new ArrayList<>();
        for (Found f : scan(false)) paths.add(f.path());
        return paths;
    }

    /**
     * A path a glob matched, and what this scan learnt about it: {@code stat} from the listing of its directory, or
     * null when the directory's entries are as they were at the last scan and the file was not looked at again.
     */
    record Found(Path path, FileStat stat) {}

    /**
     * The regular files (or links to them) matching any pattern now, sorted by path, each stat'ed once (links followed).
     * With {@code trustDirectories} (a watch reports writes), a directory whose identity and modification time are
     * those of its last listing has the same entries: it is not listed again and its files are returned unstat'ed
     * ({@link Found#stat()} null), so a scan of 10,000 unchanged files costs a stat per directory. A directory changed
     * within {@value #RACY_MILLIS} ms before it was listed may have changed again within the same time-stamp tick: it
     * is listed again at the next scan. Links are stat'ed every scan (their target may change without the directory).
     */
    List<Found> scan(boolean trustDirectories) {
        long wallMillis = System.currentTimeMillis(); // compared with file system times
        boolean changed = !trustDirectories || last == null;
        TreeMap<Path, Found> found = new TreeMap<>();
        for (Pattern p : patterns) {
            if (p.depth() == 0) {
                FileStat stat = regularFile(p.base());
                if (stat != null) found.putIfAbsent(p.base(), new Found(p.base(), stat));
                changed = true; // one path, stat'ed every scan
                continue;
            }
            Set<Path> visited = new HashSet<>();
            changed |= visit(p, p.base(), p.depth(), trustDirectories, wallMillis, found, visited, true);
            p.listings().keySet().retainAll(visited);
        }
        if (!changed && last != null) return last;
        List<Found> result = new ArrayList<>(found.values());
        last = null;
        if (trustDirectories) { // as the next scan returns them if nothing changes: not stat'ed again
            List<Found> unstated = new ArrayList<>(result.size());
            for (Found f : result) unstated.add(f.stat() == null ? f : new Found(f.path(), null));
            last = unstated;
        }
        return result;
    }

    /** The listing of one directory for one pattern, kept while its identity and modification time stay the same. */
    private record Listing(Object key, long modifiedMillis, long listedAtMillis, List<Found> files, List<Path> links,
                           List<Path> dirs) {}

    private static final long RACY_MILLIS = 2_000;
    private static final int S_IFMT = 0170000, S_IFREG = 0100000, S_IFDIR = 0040000, S_IFLNK = 0120000;

    /** Adds the matching files in {@code dir} and below ({@code levels} levels of entries); true if anything was listed or stat'ed. */
    private boolean visit(Pattern p, Path dir, int levels, boolean trust, long wallMillis, Map<Path, Found> found,
                          Set<Path> visited, boolean base) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return true; // gone (a rotation, a cleanup): the next scan sees the new state
        }
        if (!attrs.isDirectory()) return true; // as Files.walk: a link is not followed into, not even at the base
        visited.add(dir);
        long modified = attrs.lastModifiedTime().toMillis();
        Object key = attrs.fileKey() == null ? dir : attrs.fileKey();
        Listing listing = p.listings().get(dir);
        boolean changed = false;
        if (!trust || listing == null || !listing.key().equals(key) || listing.modifiedMillis() != modified
                || listing.modifiedMillis() >= listing.listedAtMillis() - RACY_MILLIS) {
            listing = list(p, dir, key, modified, wallMillis, levels > 1, base);
            if (listing == null) return true;
            if (trust) p.listings().put(dir, listing);
            changed = true;
        }
        for (Found f : listing.files()) found.putIfAbsent(f.path(), trust && !changed ? new Found(f.path(), null) : f);
        for (Path link : listing.links()) {
            FileStat stat = regularFile(link);
            if (stat != null) found.putIfAbsent(link, new Found(link, stat));
            changed = true;
        }
        for (Path sub : listing.dirs()) {
            changed |= visit(p, sub, levels == Integer.MAX_VALUE ? levels : levels - 1, trust, wallMillis, found, visited, false);
        }
        return changed;
    }

    private static Listing list(Pattern p, Path dir, Object key, long modified, long wallMillis, boolean descend, boolean base) {
        List<Found> files = new ArrayList<>();
        List<Path> links = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                boolean matches = p.matcher().matches(entry);
                if (!matches && !descend) continue;
                Map<String, Object> a;
                try {
                    a = Files.readAttributes(entry, "unix:mode,dev,ino,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                } catch (UnsupportedOperationException | IllegalArgumentException e) {
                    Found f = portable(entry, matches, descend, dirs);
                    if (f != null) files.add(f);
                    continue;
                } catch (IOException e) {
                    continue; // gone since the listing: the directory's time changed, it is listed again next time
                }
                int type = (Integer) a.get("mode") & S_IFMT;
                if (type == S_IFDIR) {
                    if (descend) dirs.add(entry);
                } else if (!matches) {
                    continue;
                } else if (type == S_IFREG) {
                    files.add(new Found(entry, stat(a)));
                } else if (type == S_IFLNK) {
                    links.add(entry);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return null;
        } catch (IOException | DirectoryIteratorException e) {
            // An unreadable subdirectory is skipped (the others are still scanned); the base is the user's mistake.
            if (base) throw new UncheckedIOException("cannot scan for log files [pattern=" + p.text() + ", base=" + dir + "]",
                    e instanceof IOException io ? io : ((DirectoryIteratorException) e).getCause());
            return null;
        }
        return new Listing(key, modified, wallMillis, files, links, dirs);
    }

    /** Without the {@code unix} attribute view: the basic one, and a stat that follows links for files. */
    private static Found portable(Path entry, boolean matches, boolean descend, List<Path> dirs) {
        try {
            BasicFileAttributes b = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (b.isDirectory()) {
                if (descend) dirs.add(entry);
                return null;
            }
            return matches && Files.isRegularFile(entry) ? new Found(entry, FileStat.of(entry)) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The stat of {@code path} if it is a regular file (links followed), else null. */
    private static FileStat regularFile(Path path) {
        try {
            return Files.isRegularFile(path) ? FileStat.of(path) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static FileStat stat(Map<String, Object> a) {
        return new FileStat(new FileId(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue()),
                (Long) a.get("size"), ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS));
    }
}
