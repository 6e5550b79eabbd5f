package io.stratmon.shipper.tail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a file is, not where it is: device and inode, so that {@code mv app.log app.log.1} keeps the identity
 * and a checkpoint stays with the bytes it describes.
 */
public record FileId(long device, long inode) {
    public static final FileId UNKNOWN = new FileId(-1, -1);

    /** The identity of the file a path points to now (symlinks followed), from the JDK's {@code unix:dev/ino}. */
    public static FileId of(Path path) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
            return new FileId(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue());
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // No inode on this platform: fall back to the path's hash, losing rename tracking.
            return new FileId(0, path.toAbsolutePath().toString().hashCode());
        }
    }

    @Override
    public String toString() {
        return device + ":" + inode;
    }
}
