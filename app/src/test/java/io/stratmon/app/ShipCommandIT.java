package io.stratmon.app;

import io.stratmon.testkit.ChildJvm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratmon.sql.QueryResult;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code stratmon trader --profile seed} then {@code stratmon ship} as real processes against a separately started QuestDB. */
class ShipCommandIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    static Process jar(Path workDir, String... args) throws Exception {
        List<String> command = new ArrayList<>(ChildJvm.command("-jar",
                Path.of("target/stratmon.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("out-" + args[0] + ".txt").toFile())
                .redirectError(workDir.resolve("err-" + args[0] + ".txt").toFile()).start();
    }

    @Test
    void seed_trader_lines_ship_to_price_log_with_exact_prices_and_microsecond_timestamps() throws Exception {
        Path log = dir.resolve("x.log");
        Process trader = jar(dir, "trader", "--profile", "seed", "--log-file", log.toString(), "--rate", "2000", "--count", "1000");
        assertThat(trader.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(trader.exitValue()).isZero();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(1000);
        // The console got the same lines as the file (the reference logs to both).
        assertThat(Files.readAllLines(dir.resolve("out-trader.txt"))).containsExactlyElementsOf(lines);
        assertThat(lines.get(0)).matches("\\{\"timestamp\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z\",\"event\":\"price_log\",\"level\":\"INFO\",\"price\":[0-9.E-]+}");

        long before = rowsIn("price_log");
        Process ship = jar(dir, "ship", "--file", dir.resolve("*.log").toString(), "--questdb", questdb.httpUrl(), "--user", questdb.username(), "--password", questdb.password(),
                "--state-dir", dir.resolve("state").toString());
        try {
            questdb.awaitRowCount("price_log", before + 1000, Duration.ofSeconds(60));
        } finally {
            ship.toHandle().destroy(); // SIGTERM
            assertThat(ship.waitFor(20, TimeUnit.SECONDS)).as("ship stops on SIGTERM").isTrue();
        }
        assertThat(ship.exitValue()).as("exit status after SIGTERM; stderr: %s", Files.readString(dir.resolve("err-ship.txt"))).isZero();

        ObjectMapper json = new ObjectMapper();
        List<String> expected = new ArrayList<>();
        for (String line : lines) {
            JsonNode n = json.readTree(line);
            expected.add(n.get("timestamp").asText() + " " + n.get("level").asText() + " " + n.get("price").asDouble());
        }
        // Only this test's rows (the other test of this class writes price_log too, at other times).
        QueryResult r = questdb.query("SELECT timestamp, level, price FROM price_log WHERE timestamp BETWEEN '"
                + expected.get(0).split(" ")[0] + "' AND '" + expected.get(expected.size() - 1).split(" ")[0] + "' ORDER BY timestamp");
        List<String> actual = new ArrayList<>();
        r.rows().forEach(row -> actual.add(row.get(0) + " " + row.get(1) + " " + ((Number) row.get(2)).doubleValue()));
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void a_metrics_port_in_use_stops_ship_before_it_ships_anything() throws Exception {
        Path log = dir.resolve("busy.log");
        Files.writeString(log, "{\"event\":\"busy_port\",\"timestamp\":\"2026-12-01T10:00:00Z\",\"n\":1}\n");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Process ship = jar(dir, "ship", "--file", log.toString(), "--questdb", questdb.httpUrl(), "--user", questdb.username(),
                    "--password", questdb.password(), "--state-dir", dir.resolve("state3").toString(),
                    "--metrics-listen", "127.0.0.1:" + taken.getLocalPort());
            assertThat(ship.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(dir.resolve("err-ship.txt"));
            assertThat(ship.exitValue()).as(err).isEqualTo(2);
            assertThat(err).contains("cannot listen for metrics on 127.0.0.1:" + taken.getLocalPort(), "--metrics-listen")
                    .doesNotContain("shipping [", "Exception", "\tat ");
        }
        assertThat(rowsIn("busy_port")).as("nothing shipped").isZero();
    }

    @Test
    void a_large_existing_file_shows_backfill_progress_and_a_summary() throws Exception {
        Path log = dir.resolve("big.log");
        Process trader = jar(dir, "trader", "--profile", "seed", "--log-file", log.toString(), "--rate", "1000000",
                "--count", "60000", "--quiet");
        assertThat(trader.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.size(log)).isGreaterThan(BackfillProgress.THRESHOLD_BYTES);
        long before = rowsIn("price_log"); // the other test of this class may have shipped into the same table
        Process ship = jar(dir, "ship", "--file", log.toString(), "--questdb", questdb.httpUrl(), "--user", questdb.username(), "--password", questdb.password(), "--state-dir", dir.resolve("state2").toString());
        try {
            questdb.awaitRowCount("price_log", before + 60_000, Duration.ofSeconds(60));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(Files.readString(dir.resolve("err-ship.txt"))).matches("(?s).*backfill done: [0-9,]+ lines, [0-9.]+ MB in .*"));
        } finally {
            ship.toHandle().destroy();
            assertThat(ship.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(dir.resolve("err-ship.txt"))).contains("backfill: ");
    }

    static long rowsIn(String table) {
        try {
            return questdb.count(table);
        } catch (io.stratmon.sql.SqlException e) {
            return 0;
        }
    }
}
