package io.stratmon.shipper.tail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Paths that matched a glob but could not be opened (EACCES, EIO, ...): each is logged once, then tried again with
 * capped exponential backoff, while every other file keeps shipping.
 */
final class OpenFailures {
    private static final Logger log = LoggerFactory.getLogger(OpenFailures.class);

    private final TailOptions options;
    private final Map<Path, Failure> byPath = new HashMap<>();
    private long changes;

    private static final class Failure {
        String error;
        long retryAtNanos;
        long backoffMillis;
    }

    OpenFailures(TailOptions options) {
        this.options = options;
    }

    /** False while a failed path is in its backoff. */
    boolean due(Path path, long nowNanos) {
        Failure f = byPath.get(path);
        return f == null || nowNanos - f.retryAtNanos >= 0;
    }

    /**
     * The stat of a path a scan found (the scan's own, or a new one): null when it is gone since (rotated away: the
     * next scan finds it under its new name) or cannot be stat'ed (noted as a failure, with its backoff).
     */
    FileStat stat(FileScanner.Found found, long nowNanos) {
        if (found.stat() != null) return found.stat();
        try {
            return FileStat.of(found.path());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            failed(found.path(), e, nowNanos);
            return null;
        }
    }

    void failed(Path path, IOException e, long nowNanos) {
        Failure f = byPath.get(path);
        if (f == null) {
            f = new Failure();
            f.backoffMillis = options.retryMin().toMillis();
            byPath.put(path, f);
            changes++;
            log.warn("Cannot open file, retrying with backoff; other files go on [path={}, retryInMs={}]: {}",
                    path, f.backoffMillis, e.toString());
        } else {
            f.backoffMillis = Math.min(f.backoffMillis * 2, options.retryMax().toMillis());
        }
        f.error = e.toString();
        f.retryAtNanos = nowNanos + f.backoffMillis * 1_000_000L;
    }

    void opened(Path path) {
        if (byPath.remove(path) != null) {
            changes++;
            log.info("File readable again [path={}]", path);
        }
    }

    /** Forgets paths no glob matches any more. */
    void retainAll(Set<Path> matched) {
        if (!byPath.isEmpty() && byPath.keySet().retainAll(matched)) changes++;
    }

    /** Grows when a path starts or stops failing (its state in the status). */
    long changes() {
        return changes;
    }

    void addStates(List<FileState> states) {
        byPath.forEach((path, f) -> states.add(new FileState(new FileSource(path, FileId.UNKNOWN, Fingerprint.NOT_YET),
                path.toString(), 0, 0, false, false, f.error)));
    }
}
