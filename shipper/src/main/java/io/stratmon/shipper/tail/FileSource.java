package io.stratmon.shipper.tail;

import java.nio.file.Path;

/**
 * A tailed file as the rest of the pipeline sees it: the path it was found at, its inode and its content fingerprint.
 *
 * @param path        the path the file was found at (it may since have been renamed by rotation)
 * @param id          device and inode
 * @param fingerprint hash of its first line ({@link Fingerprint}); {@link #src()} in rows
 */
public record FileSource(Path path, FileId id, long fingerprint) {
    public static final FileSource UNKNOWN = new FileSource(Path.of("-"), FileId.UNKNOWN, Fingerprint.NOT_YET);

    /** The value of the {@code _src} column: which file a row's line came from, stable across renames and copies. */
    public String src() {
        return Fingerprint.hex(fingerprint);
    }
}
