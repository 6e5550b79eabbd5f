package io.stratmon.shipper;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A snapshot of the shipper: totals, and per file how far it is and how far behind. Written to
 * {@code <state dir>/status.json} when something in it changed (so {@code stratmon status} works even when QuestDB is
 * down; whether the shipper runs is {@link ShipperHeartbeat}'s to say) and kept in memory for progress displays.
 */
public record ShipperStatus(long timeMillis, String questdb, boolean retrying, String lastError, long linesRead,
                            long rowsShipped, long deadLettered, long retries, double lastBatchMs, List<FileStatus> files,
                            List<String> suspendedTables) {

    /**
     * @param suspendedTables QuestDB WAL tables seen suspended: rows acknowledged for them are not visible, and the
     *                        checkpoints of the files feeding them wait until {@code ALTER TABLE 't' RESUME WAL}
     */
    public ShipperStatus {
        suspendedTables = suspendedTables == null ? List.of() : List.copyOf(suspendedTables);
    }

    public ShipperStatus(long timeMillis, String questdb, boolean retrying, String lastError, long linesRead,
                         long rowsShipped, long deadLettered, long retries, double lastBatchMs, List<FileStatus> files) {
        this(timeMillis, questdb, retrying, lastError, linesRead, rowsShipped, deadLettered, retries, lastBatchMs, files, List.of());
    }

    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /**
     * One tailed file. {@code secondsBehind} is how long it has had unshipped bytes (0 when caught up); {@code error}
     * is the I/O error it is being retried for, or null.
     */
    public record FileStatus(String path, String fileId, String src, long offset, long size, long bytesBehind,
                             double secondsBehind, long linesRead, long rowsShipped, long deadLettered, boolean draining,
                             String error) {}

    public long bytesBehind() {
        return files.stream().mapToLong(FileStatus::bytesBehind).sum();
    }

    /** Bytes of all tailed files (shipped or not). */
    public long bytesTotal() {
        return files.stream().mapToLong(FileStatus::size).sum();
    }

    public double secondsBehind() {
        return files.stream().mapToDouble(FileStatus::secondsBehind).max().orElse(0);
    }

    /** Writes atomically (temp file + rename), so a reader never sees half a file. */
    public void write(Path file) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), this);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write status [path=" + file + "]", e);
        }
    }

    public static ShipperStatus read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ShipperStatus.class);
    }
}
