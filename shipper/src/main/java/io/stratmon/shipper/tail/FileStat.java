package io.stratmon.shipper.tail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One {@code stat} of a path: identity, size and modification time, all from the same system call. */
record FileStat(FileId id, long size, long modifiedNanos) {

    static FileStat of(Path path) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime");
            return new FileStat(new FileId(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue()),
                    (Long) a.get("size"), ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return new FileStat(FileId.of(path), Files.size(path), Files.getLastModifiedTime(path).to(TimeUnit.NANOSECONDS));
        }
    }
}
