package io.stratmon.shipper.tail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Rotation while the shipper was stopped: a file that was being read when the shipper stopped and is no longer at
 * its path is looked for by identity (inode and first line) in its directory, so its unshipped tail can be drained.
 * Only the cursors of the last commit are looked for (files drained and closed earlier have older cursors).
 */
final class Relocator {
    private static final Logger log = LoggerFactory.getLogger(Relocator.class);

    private Relocator() {}

    /** A cursor's file found under another name. */
    record Found(Cursor cursor, Path path, FileStat stat) {}

    /** Cursors of the last commit whose file is not among {@code seen}: found again in their directory, or warned. */
    static List<Found> relocate(Collection<Cursor> cursors, Set<FileId> seen, FileOpener opener) {
        List<Found> found = new ArrayList<>();
        long last = cursors.stream().mapToLong(Cursor::updatedMillis).max().orElse(0);
        for (Cursor c : cursors) {
            if (c.updatedMillis() != last || seen.contains(c.id())) continue;
            Found f = find(c, opener);
            if (f == null) {
                log.warn("A file read before the restart is neither at its path nor in its directory: lines written to it"
                        + " after the checkpoint are lost [path={}, fileId={}, checkpoint={}]", c.path(), c.id(), c.offset());
            } else if (f.stat().size() > c.offset()) {
                log.warn("A file read before the restart was renamed meanwhile, draining it [path={}, now={}, fileId={},"
                        + " checkpoint={}, bytesToShip={}]", c.path(), f.path(), c.id(), c.offset(), f.stat().size() - c.offset());
                found.add(f);
            }
        }
        return found;
    }

    private static Found find(Cursor c, FileOpener opener) {
        Path dir = Path.of(c.path()).toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) return null;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                FileStat stat;
                try {
                    stat = FileStat.of(p);
                } catch (IOException e) {
                    continue;
                }
                if (!stat.id().equals(c.id()) || !Files.isRegularFile(p)) continue;
                try (FileChannel ch = opener.open(p)) {
                    return Fingerprint.of(ch) == c.fingerprint() ? new Found(c, p, stat) : null;
                }
            }
        } catch (IOException e) {
            log.warn("Cannot look for a renamed file [dir={}]: {}", dir, e.toString());
        }
        return null;
    }
}
