package io.stratmon.shipper;

import io.stratmon.shipper.mapping.Labels;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Labels on every row, and the host identity in {@code _src}, against a real QuestDB with dedup on. */
class HostIdentityIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    private static final String LINES = """
            {"timestamp":"2026-11-27T10:00:00Z","event":"hi_fill","qty":1}
            {"timestamp":"2026-11-27T10:00:01Z","event":"hi_fill","qty":2,"host":"from-the-line"}
            {"timestamp":"2026-11-27T10:00:02Z","event":"hi_fill","qty":3}
            """;

    private ShipperConfig host(String name, Path log) {
        InputConfig input = InputConfig.of(List.of(log.toString()))
                .withLabels(Labels.of(Map.of("host", name, "strategy", "mm-btc")));
        return ShipperConfig.of(List.of(log.toString()), questdb.httpUrl(), dir.resolve("state-" + name))
                .withInputs(List.of(input)).withMetricsInterval(java.time.Duration.ZERO);
    }

    @Test
    void two_hosts_shipping_byte_identical_files_into_one_deduplicated_table_keep_both_sets_of_rows() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a")).resolve("bot.jsonl");
        Path b = Files.createDirectories(dir.resolve("b")).resolve("bot.jsonl");
        Files.writeString(a, LINES);
        Files.writeString(b, LINES); // same first line, same offsets, same timestamps: only the host tells them apart
        try (Shipper one = Shipper.start(host("web1", a)); Shipper two = Shipper.start(host("web2", b))) {
            questdb.awaitRowCount("hi_fill", 6);
        }
        assertThat(questdb.query("SELECT host, strategy, count() n FROM hi_fill ORDER BY host").toTsv())
                .isEqualTo("host\tstrategy\tn\nweb1\tmm-btc\t3\nweb2\tmm-btc\t3\n");
        assertThat(questdb.query("SELECT count_distinct(_src) n FROM hi_fill").toTsv()).isEqualTo("n\n2\n");
        assertThat(questdb.query("SELECT DISTINCT _src FROM hi_fill ORDER BY _src").toTsv())
                .matches("_src\nweb1:[0-9a-f]{16}\nweb2:[0-9a-f]{16}\n");
        // The field named like the label is kept, numbered; the label wins.
        assertThat(questdb.query("SELECT host, host_2 FROM hi_fill WHERE qty = 2 ORDER BY host").toTsv())
                .isEqualTo("host\thost_2\nweb1\tfrom-the-line\nweb2\tfrom-the-line\n");
        assertThat(questdb.query("SELECT \"column\", type FROM table_columns('hi_fill')").toTsv())
                .contains("host\tSYMBOL", "strategy\tSYMBOL", "host_2\tVARCHAR");

        // Web1 forgets its checkpoint and ships its file again: the same _src, so QuestDB keeps each row once.
        Path checkpoints = dir.resolve("state-web1/checkpoints.json");
        Files.delete(checkpoints);
        try (Shipper again = Shipper.start(host("web1", a))) {
            // A checkpoint moves only once QuestDB has applied the rows before it (VisibilityGate).
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                    Files.exists(checkpoints) && Files.readString(checkpoints).contains("\"offset\" : " + Files.size(a)));
        }
        assertThat(questdb.query("SELECT host, count() n FROM hi_fill ORDER BY host").toTsv())
                .isEqualTo("host\tn\nweb1\t3\nweb2\t3\n");
    }
}
