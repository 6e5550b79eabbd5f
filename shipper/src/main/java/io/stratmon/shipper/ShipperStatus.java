package io.stratmon.shipper;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
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

    /** Only {@link #read} (stratmon status) binds with databind; writing, on the shipper's way, is jackson-core's. */
    private static final class Reader {
        static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }

    /**
     * One tailed file. {@code secondsBehind} is how long its oldest unshipped bytes have waited (0 when caught up;
     * {@link FileLag}); {@code error} is the I/O error it is being retried for, or null.
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
            try (JsonGenerator g = JsonFiles.generator(temp)) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
                writeTo(g);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write status [path=" + file + "]", e);
        }
    }

    /** The same JSON databind wrote for this record (snake_case names in component order), so readers stay as they were. */
    private void writeTo(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("time_millis", timeMillis);
        g.writeStringField("questdb", questdb);
        g.writeBooleanField("retrying", retrying);
        g.writeStringField("last_error", lastError);
        g.writeNumberField("lines_read", linesRead);
        g.writeNumberField("rows_shipped", rowsShipped);
        g.writeNumberField("dead_lettered", deadLettered);
        g.writeNumberField("retries", retries);
        g.writeNumberField("last_batch_ms", lastBatchMs);
        g.writeFieldName("files");
        if (files == null) {
            g.writeNull();
        } else {
            g.writeStartArray();
            for (FileStatus f : files) {
                g.writeStartObject();
                g.writeStringField("path", f.path());
                g.writeStringField("file_id", f.fileId());
                g.writeStringField("src", f.src());
                g.writeNumberField("offset", f.offset());
                g.writeNumberField("size", f.size());
                g.writeNumberField("bytes_behind", f.bytesBehind());
                g.writeNumberField("seconds_behind", f.secondsBehind());
                g.writeNumberField("lines_read", f.linesRead());
                g.writeNumberField("rows_shipped", f.rowsShipped());
                g.writeNumberField("dead_lettered", f.deadLettered());
                g.writeBooleanField("draining", f.draining());
                g.writeStringField("error", f.error());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeArrayFieldStart("suspended_tables");
        for (String t : suspendedTables) g.writeString(t);
        g.writeEndArray();
        g.writeEndObject();
    }

    public static ShipperStatus read(Path file) throws IOException {
        return Reader.JSON.readValue(file.toFile(), ShipperStatus.class);
    }
}
