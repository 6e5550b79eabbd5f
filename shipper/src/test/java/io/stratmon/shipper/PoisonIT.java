package io.stratmon.shipper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One line in 1,000 is poison (type conflict, invalid JSON, invalid UTF-8): every good line arrives, every bad one is dead-lettered. */
class PoisonIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    @Test
    void every_good_line_arrives_and_every_bad_line_is_dead_lettered_with_its_reason() throws Exception {
        int total = 30_000;
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        Map<Long, String> badOffsets = new TreeMap<>();
        for (int i = 0; i < total; i++) {
            String ts = LogWriter.BASE.plusMillis(i).toString();
            byte[] line;
            if (i % 1000 == 500) {
                String kind = switch ((i / 1000) % 3) {
                    case 0 -> "type";
                    case 1 -> "json";
                    default -> "utf8";
                };
                badOffsets.put((long) file.size(), kind);
                line = switch (kind) {
                    case "type" -> ("{\"timestamp\":\"" + ts + "\",\"event\":\"poison\",\"seq\":" + i + ",\"price\":\"not a number\"}\n")
                            .getBytes(StandardCharsets.UTF_8);
                    case "json" -> ("{\"timestamp\":\"" + ts + "\",\"event\":\"poison\",seq:" + i + "}\n").getBytes(StandardCharsets.UTF_8);
                    default -> utf8Broken(ts, i);
                };
            } else {
                line = ("{\"timestamp\":\"" + ts + "\",\"event\":\"poison\",\"seq\":" + i + ",\"price\":" + (100 + i * 0.01) + "}\n")
                        .getBytes(StandardCharsets.UTF_8);
            }
            file.write(line);
        }
        Files.write(dir.resolve("poison.log"), file.toByteArray());
        int bad = badOffsets.size();
        assertThat(bad).isEqualTo(30);

        ShipperConfig config = ShipperConfig.of(List.of(dir.resolve("*.log").toString()), questdb.httpUrl(), dir.resolve("state")).withCredentials(questdb.username(), questdb.password())
                .withMaxBatchRows(5_000);
        try (Shipper shipper = Shipper.start(config)) {
            questdb.awaitRowCount("poison", total - bad, Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10)).until(() -> shipper.metrics().deadLettered() == bad);
        }
        assertThat(questdb.query("SELECT count() n FROM poison WHERE seq % 1000 = 500").toTsv()).isEqualTo("n\n0\n");

        ObjectMapper json = new ObjectMapper();
        List<String> deadLetters = Files.readAllLines(dir.resolve("state/dead-letter.jsonl"));
        assertThat(deadLetters).hasSize(bad);
        List<Long> offsets = new ArrayList<>();
        for (String entry : deadLetters) {
            JsonNode d = json.readTree(entry);
            long offset = d.get("offset").asLong();
            offsets.add(offset);
            String reason = d.get("reason").asText();
            assertThat(d.get("source").asText()).endsWith("poison.log");
            switch (badOffsets.get(offset)) {
                case "type" -> {
                    assertThat(reason).contains("price");
                    assertThat(d.get("line").asText()).contains("not a number");
                }
                case "json" -> assertThat(reason).startsWith("invalid JSON");
                default -> {
                    assertThat(reason).containsIgnoringCase("UTF-8");
                    assertThat(d.has("line_base64")).as("invalid UTF-8 is kept byte for byte").isTrue();
                }
            }
        }
        assertThat(offsets).containsExactlyInAnyOrderElementsOf(badOffsets.keySet());
    }

    private static byte[] utf8Broken(String ts, int i) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("{\"timestamp\":\"" + ts + "\",\"event\":\"poison\",\"seq\":" + i + ",\"note\":\"").getBytes(StandardCharsets.UTF_8));
        b.write(0xC3);
        b.write(0x28);
        b.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }
}
