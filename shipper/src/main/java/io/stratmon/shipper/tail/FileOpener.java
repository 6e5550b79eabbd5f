package io.stratmon.shipper.tail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens a log file for reading: the one place a file descriptor is taken, so tests can make it fail (EACCES, EIO). */
@FunctionalInterface
public interface FileOpener {
    FileOpener DEFAULT = path -> FileChannel.open(path, StandardOpenOption.READ);

    FileChannel open(Path path) throws IOException;
}
