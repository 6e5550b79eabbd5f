package io.stratmon.dashboard.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every dashboard the page can show: the built-in ones (classpath {@code dashboards/*.toml}) and the user's files
 * ({@code *.toml} or {@code *.json}) in an optional directory. The directory is re-read when asked, so a saved file
 * shows up on the next page load; a file is parsed again only when its size or modification time changed. A user
 * file named like a built-in one replaces it. A bad file becomes a {@link DashboardLoader.Result.Broken} entry, shown
 * in the page and logged once per version of the file.
 */
public final class DashboardCatalog {
    private static final Logger log = LoggerFactory.getLogger(DashboardCatalog.class);
    public static final List<String> BUILT_IN = List.of("default", "reference");
    private static final long MAX_FILE_BYTES = 1024 * 1024;

    private record Cached(long modified, long size, DashboardLoader.Result result) {}

    private final Path userDir;
    private final Map<String, DashboardLoader.Result> builtIn = new LinkedHashMap<>();
    private final Map<Path, Cached> cache = new HashMap<>();
    private boolean dirProblemLogged;

    /** @param userDir directory of the user's dashboard files; null for built-ins only */
    public DashboardCatalog(Path userDir) {
        this.userDir = userDir;
        for (String id : BUILT_IN) {
            String resource = "dashboards/" + id + ".toml";
            DashboardLoader.Result r = DashboardLoader.load(id, "classpath:" + resource, readResource(resource), DashboardLoader.Format.TOML);
            if (r instanceof DashboardLoader.Result.Broken b) log.error("Built-in dashboard is broken [id={}, problems={}]", id, b.problems());
            builtIn.put(id, r);
        }
    }

    public Path userDir() {
        return userDir;
    }

    /** Built-in dashboards first (default first), then the user's by id. */
    public synchronized List<DashboardLoader.Result> all() {
        Map<String, DashboardLoader.Result> all = new LinkedHashMap<>(builtIn);
        for (DashboardLoader.Result r : scanUserDir()) {
            all.put(r.id(), r);
        }
        return List.copyOf(all.values());
    }

    public Optional<DashboardLoader.Result> find(String id) {
        return all().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The dashboard, if it exists and loaded. */
    public Optional<Dashboard> dashboard(String id) {
        return find(id).filter(r -> r instanceof DashboardLoader.Result.Ok).map(r -> ((DashboardLoader.Result.Ok) r).dashboard());
    }

    private List<DashboardLoader.Result> scanUserDir() {
        if (userDir == null) return List.of();
        if (!Files.isDirectory(userDir)) {
            if (!dirProblemLogged) {
                log.warn("Dashboards directory does not exist; only built-in dashboards are shown [path={}]", userDir.toAbsolutePath());
                dirProblemLogged = true;
            }
            return List.of(new DashboardLoader.Result.Broken("dashboards-dir", userDir.toString(),
                    List.of("dashboards directory does not exist [path=" + userDir.toAbsolutePath() + "]")));
        }
        dirProblemLogged = false;
        List<Path> files;
        try (Stream<Path> list = Files.list(userDir)) {
            files = list.filter(p -> Files.isRegularFile(p) && format(p) != null).sorted().toList();
        } catch (IOException e) {
            log.warn("Cannot list dashboards directory [path={}, error={}]", userDir, e.toString());
            return List.of();
        }
        cache.keySet().retainAll(files);
        List<DashboardLoader.Result> results = new ArrayList<>();
        for (Path file : files) {
            results.add(load(file));
        }
        return results;
    }

    private DashboardLoader.Result load(Path file) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.lastIndexOf('.'));
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            long size = Files.size(file);
            Cached cached = cache.get(file);
            if (cached != null && cached.modified() == modified && cached.size() == size) return cached.result();
            DashboardLoader.Result r = size > MAX_FILE_BYTES
                    ? new DashboardLoader.Result.Broken(id, file.toString(), List.of("file too large [bytes=" + size + ", max=" + MAX_FILE_BYTES + "]"))
                    : DashboardLoader.load(id, file.toString(), Files.readString(file, StandardCharsets.UTF_8), format(file));
            if (r instanceof DashboardLoader.Result.Broken b) {
                log.warn("Dashboard file has errors and is not shown [path={}, problems={}]", file, String.join("; ", b.problems()));
            } else {
                log.info("Loaded dashboard [id={}, path={}, panels={}]", id, file, ((DashboardLoader.Result.Ok) r).dashboard().panels().size());
            }
            cache.put(file, new Cached(modified, size, r));
            return r;
        } catch (IOException | UncheckedIOException e) {
            log.warn("Cannot read dashboard file [path={}, error={}]", file, e.toString());
            return new DashboardLoader.Result.Broken(id, file.toString(), List.of("cannot read file: " + e));
        }
    }

    private static DashboardLoader.Format format(Path p) {
        String name = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith(".")) return null;
        if (name.endsWith(".toml")) return DashboardLoader.Format.TOML;
        if (name.endsWith(".json")) return DashboardLoader.Format.JSON;
        return null;
    }

    private static String readResource(String resource) {
        try (InputStream in = DashboardCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing built-in dashboard resource [resource=" + resource + "]");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
