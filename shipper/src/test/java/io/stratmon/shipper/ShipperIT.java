package io.stratmon.shipper;

import io.stratmon.sql.QueryResult;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShipperIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    @Test
    void ships_appended_lines_with_exact_values_and_timestamps() throws Exception {
        Path log = dir.resolve("trader.log");
        Files.writeString(log, """
                {"timestamp":"2026-11-27T10:00:00.123456Z","event":"price_log","level":"INFO","price":100.41}
                {"timestamp":"2026-11-27T10:00:00.623457Z","event":"price_log","level":"INFO","price":101.50747597319688}
                """);
        ShipperConfig config = ShipperConfig.of(List.of(dir.resolve("*.log").toString()), questdb.httpUrl(), dir.resolve("state")).withCredentials(questdb.username(), questdb.password());
        try (Shipper shipper = Shipper.start(config)) {
            questdb.awaitRowCount("price_log", 2);
            Files.writeString(log, "{\"timestamp\":\"2026-11-27T10:00:01.000001Z\",\"event\":\"price_log\",\"level\":\"WARN\",\"price\":99.5,\"ok\":true,\"note\":\"a b\"}\n",
                    StandardOpenOption.APPEND);
            questdb.awaitRowCount("price_log", 3);
        }
        QueryResult r = questdb.query("SELECT timestamp, level, price, ok, note FROM price_log ORDER BY timestamp");
        assertThat(r.toTsv()).isEqualTo("""
                timestamp\tlevel\tprice\tok\tnote
                2026-11-27T10:00:00.123456Z\tINFO\t100.41\tfalse\tnull
                2026-11-27T10:00:00.623457Z\tINFO\t101.50747597319688\tfalse\tnull
                2026-11-27T10:00:01.000001Z\tWARN\t99.5\ttrue\ta b
                """);
        QueryResult types = questdb.query("SELECT \"column\", type FROM table_columns('price_log')");
        assertThat(types.toTsv()).contains("level\tSYMBOL", "price\tDOUBLE", "ok\tBOOLEAN", "note\tVARCHAR", "timestamp\tTIMESTAMP");
        assertThat(Files.readString(dir.resolve("state/checkpoints.json"), StandardCharsets.UTF_8)).contains("\"offset\" : " + Files.size(log));
    }

    @Test
    void ships_over_ilp_tcp_when_the_url_says_tcp() throws Exception {
        Path log = dir.resolve("tcp.log");
        Files.writeString(log, "{\"timestamp\":\"2026-11-27T10:00:00.5Z\",\"event\":\"tcp_rows\",\"v\":1.25}\n");
        ShipperConfig config = ShipperConfig.of(List.of(log.toString()), "tcp://127.0.0.1:" + questdb.db().ilpTcpPort(), dir.resolve("state-tcp"));
        try (Shipper shipper = Shipper.start(config)) {
            questdb.assertSqlEventually("timestamp\tv\n2026-11-27T10:00:00.500000Z\t1.25\n", "SELECT timestamp, v FROM tcp_rows");
        }
    }

    @Test
    void writes_its_own_metrics_to_the_stratmon_shipper_table() throws Exception {
        Path log = dir.resolve("metrics.log");
        Files.writeString(log, "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"metered\",\"v\":1}\n"
                + "not json\n");
        ShipperConfig config = ShipperConfig.of(List.of(log.toString()), questdb.httpUrl(), dir.resolve("state-metrics")).withCredentials(questdb.username(), questdb.password())
                .withMetricsInterval(java.time.Duration.ofMillis(200));
        try (Shipper shipper = Shipper.start(config)) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                    assertThat(questdb.query("SELECT lines_read, rows_shipped, dead_lettered, bytes_behind FROM stratmon_shipper "
                            + "WHERE file = '*' LATEST ON timestamp PARTITION BY file").toTsv())
                            .isEqualTo("lines_read\trows_shipped\tdead_lettered\tbytes_behind\n2.0\t1.0\t1.0\t0.0\n"));
            assertThat(questdb.query("SELECT count() n FROM stratmon_shipper WHERE file = '" + log + "'").toTsv()).isNotEqualTo("n\n0\n");
        }
    }
}
