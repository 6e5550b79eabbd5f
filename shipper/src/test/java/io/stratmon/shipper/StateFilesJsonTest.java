package io.stratmon.shipper;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code status.json} and {@code heartbeat.json} are written with jackson-core's generator (no databind on the
 * shipper's start): byte for byte what databind wrote for the records, so every reader (stratmon status, scripts)
 * sees the same files, and they read back equal.
 */
class StateFilesJsonTest {
    private static final ObjectMapper DATABIND = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @TempDir
    Path dir;

    private static ShipperStatus status() {
        return new ShipperStatus(1764000000123L, "http://127.0.0.1:9000", true, "cannot reach QuestDB: \"quoted\"\n\u00e9",
                10, 8, 1, 3, 12.5, Arrays.asList(
                new ShipperStatus.FileStatus("/var/log/a.jsonl", "2049:77", "a1b2", 4096, 8192, 4096, 1.25, 10, 8, 1, true, null),
                new ShipperStatus.FileStatus("/var/log/b.jsonl", "2049:78", null, 0, 0, 0, 0, 0, 0, 0, false, "EACCES")),
                List.of("price", "fill"));
    }

    @Test
    void the_status_file_is_what_databind_wrote_and_reads_back_equal() throws Exception {
        Path file = dir.resolve("status.json");
        ShipperStatus status = status();

        status.write(file);

        assertThat(Files.readString(file)).isEqualTo(DATABIND.writerWithDefaultPrettyPrinter().writeValueAsString(status));
        assertThat(ShipperStatus.read(file)).isEqualTo(status);
    }

    @Test
    void a_status_without_files_or_error_is_what_databind_wrote() throws Exception {
        Path file = dir.resolve("status.json");
        ShipperStatus status = new ShipperStatus(0, null, false, null, 0, 0, 0, 0, 0, List.of());

        status.write(file);

        assertThat(Files.readString(file)).isEqualTo(DATABIND.writerWithDefaultPrettyPrinter().writeValueAsString(status));
        assertThat(ShipperStatus.read(file)).isEqualTo(status);
    }

    @Test
    void the_heartbeat_file_is_what_databind_wrote_and_reads_back_equal() throws Exception {
        Path file = dir.resolve(ShipperHeartbeat.FILE);
        ShipperHeartbeat beat = new ShipperHeartbeat(1764000000123L, 1764000015123L, 1764000000000L, 4242, true);

        beat.write(file);

        assertThat(Files.readString(file)).isEqualTo(DATABIND.writeValueAsString(beat));
        assertThat(ShipperHeartbeat.read(file)).isEqualTo(beat);
        assertThat(Files.exists(dir.resolve(ShipperHeartbeat.FILE + ".tmp"))).isFalse();
    }
}
