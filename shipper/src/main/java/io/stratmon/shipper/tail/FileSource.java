package io.stratmon.shipper.tail;

import java.nio.file.Path;

/**
 * A tailed file as the rest of the pipeline sees it: the path it was opened under and a stable identity.
 *
 * @param path the path the file was found at (it may since have been renamed by rotation)
 * @param id   what the file is, independent of its name
 */
public record FileSource(Path path, FileId id) {
    public static final FileSource UNKNOWN = new FileSource(Path.of("-"), FileId.UNKNOWN);
}
