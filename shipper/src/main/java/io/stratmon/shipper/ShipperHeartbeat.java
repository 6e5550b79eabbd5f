package io.stratmon.shipper;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The shipper's sign of life, {@code <state dir>/heartbeat.json}: a few bytes rewritten every {@link #EVERY_MILLIS}
 * by the reading thread, whatever the number of files, while {@code status.json} is rewritten only when something in
 * it changed. The contract: a running shipper writes it again before {@code nextByMillis}; a clean stop writes it one
 * last time with {@code stopped}. So {@code stratmon status} tells an idle shipper (old status, fresh heartbeat) from
 * a dead one (heartbeat past its {@code nextByMillis}) and from one that stopped.
 *
 * @param writtenMillis when it was written (wall clock)
 * @param nextByMillis  the shipper writes it again before this, unless it stopped or died
 * @param statusMillis  the {@code time_millis} of the {@code status.json} snapshot current when it was written
 * @param pid           the shipper's process id
 * @param stopped       written by a clean stop: no further heartbeat comes
 */
public record ShipperHeartbeat(long writtenMillis, long nextByMillis, long statusMillis, long pid, boolean stopped) {
    public static final String FILE = "heartbeat.json";
    /** How often it is written. */
    public static final long EVERY_MILLIS = 5_000;
    /** A running shipper is late after this: three heartbeats missed (a loaded machine, a GC pause). */
    public static final long GRACE_MILLIS = 3 * EVERY_MILLIS;

    /** Only {@link #read} (stratmon status) binds with databind; writing, every 5 s in the shipper, is jackson-core's. */
    private static final class Reader {
        static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }

    static ShipperHeartbeat beat(long nowMillis, long statusMillis, boolean stopped) {
        return new ShipperHeartbeat(nowMillis, nowMillis + GRACE_MILLIS, statusMillis, ProcessHandle.current().pid(), stopped);
    }

    /** Whether the shipper that wrote it is still expected to be running at {@code nowMillis}. */
    public boolean alive(long nowMillis) {
        return !stopped && nowMillis <= nextByMillis;
    }

    /** Writes atomically (temp file + rename), so a reader never sees half a file. */
    public void write(Path file) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (JsonGenerator g = JsonFiles.generator(temp)) {
                // the JSON databind wrote for this record: snake_case names in component order
                g.writeStartObject();
                g.writeNumberField("written_millis", writtenMillis);
                g.writeNumberField("next_by_millis", nextByMillis);
                g.writeNumberField("status_millis", statusMillis);
                g.writeNumberField("pid", pid);
                g.writeBooleanField("stopped", stopped);
                g.writeEndObject();
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write heartbeat [path=" + file + "]", e);
        }
    }

    /** The heartbeat in {@code file}; null when there is none (a shipper from before heartbeats) or it cannot be read. */
    public static ShipperHeartbeat read(Path file) {
        try {
            return Files.isRegularFile(file) ? Reader.JSON.readValue(file.toFile(), ShipperHeartbeat.class) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
