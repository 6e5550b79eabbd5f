package io.stratmon.shipper.tail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds the files that paths or globs match now: {@code logs/app.jsonl}, {@code logs/*.jsonl},
 * {@code /var/log/**}{@code /*.json}. Relative patterns are resolved against the working directory.
 * Symlinks to files are matched; directories are walked without following links.
 */
public final class FileScanner {
    private final List<Pattern> patterns = new ArrayList<>();

    private record Pattern(String text, Path base, int depth, PathMatcher matcher) {}

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
        return new Pattern(glob, base, depth, FileSystems.getDefault().getPathMatcher("glob:" + pattern));
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
        TreeSet<Path> found = new TreeSet<>();
        for (Pattern p : patterns) {
            if (p.depth() == 0) {
                if (Files.isRegularFile(p.base())) found.add(p.base());
                continue;
            }
            if (!Files.isDirectory(p.base())) continue;
            try (Stream<Path> walk = Files.walk(p.base(), p.depth())) {
                walk.filter(path -> p.matcher().matches(path) && Files.isRegularFile(path)).forEach(found::add);
            } catch (NoSuchFileException | UncheckedIOException e) {
                // A directory vanished while we walked it (rotation, cleanup): the next scan sees the new state.
            } catch (IOException e) {
                throw new UncheckedIOException("cannot scan for log files [pattern=" + p.text() + ", base=" + p.base() + "]", e);
            }
        }
        return new ArrayList<>(found);
    }
}
