package io.stratmon.shipper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratmon.sql.SqlException;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What QuestDB does with hostile input, against a real embedded QuestDB: wide lines that keep adding columns, thousands
 * of event names. On the code before these guards, the first held up the other file for 220 s (each request timed
 * out and was retried while QuestDB still added its 5,000 columns); the second crashed the shipper ("Too many open
 * files" once the embedded QuestDB had created a few thousand tables) and the other file never arrived.
 */
class SinkGuardIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ShipperConfig config() {
        return ShipperConfig.of(List.of(dir.resolve("*.log").toString()), questdb.httpUrl(), dir.resolve("state")).withCredentials(questdb.username(), questdb.password());
    }

    private static String plainLines(String table, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("{\"timestamp\":\"").append(LogWriter.BASE.plusMillis(i)).append("\",\"event\":\"").append(table)
                    .append("\",\"n\":").append(i).append("}\n");
        }
        return b.toString();
    }

    private List<JsonNode> deadLetters() throws Exception {
        Path file = dir.resolve("state/dead-letter.jsonl");
        if (!Files.exists(file)) return List.of();
        return Files.readAllLines(file).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Dead-letter reasons with their counts, for failure messages. */
    private java.util.Map<String, Long> reasons() throws Exception {
        return deadLetters().stream().collect(java.util.stream.Collectors.groupingBy(
                d -> d.get("reason").asText().replaceAll("\\[.*", ""), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    @Test
    void a_file_whose_lines_each_add_50_columns_is_capped_and_never_holds_up_another_file() throws Exception {
        StringBuilder wide = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            wide.append("{\"timestamp\":\"").append(LogWriter.BASE.plusMillis(i)).append("\",\"event\":\"wide\"");
            for (int c = 0; c < 50; c++) wide.append(",\"c").append(i).append('_').append(c).append("\":").append(c);
            wide.append("}\n");
        }
        Files.writeString(dir.resolve("a.log"), wide);
        Files.writeString(dir.resolve("b.log"), plainLines("plain", 100));
        long start = System.nanoTime();
        try (Shipper shipper = Shipper.start(config())) {
            questdb.awaitRowCount("plain", 100, Duration.ofSeconds(45)); // 220 s before the caps
            long plainMs = (System.nanoTime() - start) / 1_000_000;
            // 100 new columns per table per minute: the first two lines (50 each) fit, the other 98 are dead-lettered.
            questdb.awaitRowCount("wide", 2, Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(20)).until(() -> shipper.metrics().deadLettered() == 98);
            System.out.println("SinkGuardIT: plain lines visible after " + plainMs + " ms beside a file adding 50 columns a line");
        }
        List<JsonNode> dead = deadLetters();
        assertThat(dead).hasSize(98).allSatisfy(d -> assertThat(d.get("reason").asText()).startsWith(
                "too many new columns for the table in the last minute [table=wide, new_columns=50, new_columns_last_minute=100,"
                        + " max_new_columns_per_table_per_minute=100]"));
        assertThat(questdb.query("SELECT count() FROM table_columns('wide')").longValue(0, 0)).as("timestamp, _src, _offset and 100")
                .isEqualTo(3 + 100);
    }

    @Test
    void five_thousand_event_names_create_at_most_the_cap_of_tables_and_dead_letter_the_rest_while_other_files_ship() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            many.append("{\"timestamp\":\"").append(LogWriter.BASE.plusMillis(i)).append("\",\"event\":\"ev").append(i).append("\",\"n\":1}\n");
        }
        Files.writeString(dir.resolve("a.log"), many);
        Files.writeString(dir.resolve("b.log"), plainLines("plain2", 100));
        // plain2 exists: its lines must never wait for the 5,000 new names (a new table would compete for the budget).
        questdb.query("CREATE TABLE plain2 (timestamp TIMESTAMP, _src SYMBOL, _offset LONG, n DOUBLE) TIMESTAMP(timestamp)"
                + " PARTITION BY DAY WAL DEDUP UPSERT KEYS(timestamp, _src, _offset)");
        long tablesBefore = questdb.query("SELECT count() FROM tables()").longValue(0, 0);
        long start = System.nanoTime();
        try (Shipper shipper = Shipper.start(config())) {
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50)).ignoreExceptionsInstanceOf(SqlException.class)
                    .untilAsserted(() -> assertThat(questdb.count("plain2")).as("rows in plain2; dead letters: %s", reasons()).isEqualTo(100));
            long plainMs = (System.nanoTime() - start) / 1_000_000;
            // 100 new tables a minute: ev0..ev99 (or 99 of them if stratmon_shipper is new too); the rest is dead-lettered.
            await().atMost(Duration.ofSeconds(60)).until(() -> shipper.metrics().deadLettered() + shipper.metrics().rowsShipped() >= 5100);
            assertThat(shipper.isRunning()).isTrue();
            System.out.println("SinkGuardIT: plain lines visible after " + plainMs + " ms beside 5,000 new event names");
        }
        long created = questdb.query("SELECT count() FROM tables()").longValue(0, 0) - tablesBefore;
        assertThat(created).isBetween(100L, 101L);
        long evTables = questdb.query("SELECT count() FROM tables() WHERE table_name LIKE 'ev%'").longValue(0, 0);
        List<JsonNode> dead = deadLetters();
        assertThat(dead).hasSize((int) (5000 - evTables));
        assertThat(dead.get(0).get("reason").asText()).startsWith("too many new tables in the last minute [table=ev");
        assertThat(dead.get(0).get("reason").asText()).endsWith(", new_tables_last_minute=100, max_new_tables_per_minute=100]");
    }
}
