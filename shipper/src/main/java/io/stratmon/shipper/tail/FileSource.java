package io.stratmon.shipper.tail;

import java.nio.file.Path;

/**
 * A tailed file as the rest of the pipeline sees it: the path it was found at, its inode and its content fingerprint.
 *
 * @param path        the path the file was found at (it may since have been renamed by rotation)
 * @param id          device and inode
 * @param fingerprint hash of its first line ({@link Fingerprint})
 * @param src         the fingerprint as 16 hex digits: the {@code _src} column, which tells lines of different files
 *                    apart, stable across renames and copies
 * @param input       index of the input (config section) whose globs matched the file: which mapping applies
 */
public record FileSource(Path path, FileId id, long fingerprint, String src, int input) {
    public static final FileSource UNKNOWN = new FileSource(Path.of("-"), FileId.UNKNOWN, Fingerprint.NOT_YET);

    public FileSource(Path path, FileId id, long fingerprint) {
        this(path, id, fingerprint, 0);
    }

    public FileSource(Path path, FileId id, long fingerprint, int input) {
        this(path, id, fingerprint, Fingerprint.hex(fingerprint), input);
    }

    /** The same file with a new first line (after a truncation, or once its first line is complete). */
    FileSource withFingerprint(long value) {
        return new FileSource(path, id, value, input);
    }
}
