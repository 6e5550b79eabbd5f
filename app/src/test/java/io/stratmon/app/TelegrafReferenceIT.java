package io.stratmon.app;

import io.stratmon.sql.QueryResult;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference telegraf.conf, unchanged (a copy of shared/reference/telegraf.conf), run by
 * {@code stratmon ship --telegraf} as a real process with LOG_FILE_NAME and QUESTDB_HOST_NAME set, against an embedded
 * QuestDB over ILP/TCP: every line the reference trader writes arrives with its exact price, level and timestamp.
 */
class TelegrafReferenceIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    @Test
    void the_reference_telegraf_conf_ships_every_reference_line_with_exact_values_and_timestamps() throws Exception {
        // What trader.py writes through structlog: {"price": ..., "event": "price_log", "level": "info", "timestamp": "...Z"}
        Path log = dir.resolve("trader.logs");
        Random random = new Random(11);
        double price = 100;
        Instant t = Instant.parse("2026-11-27T10:00:00.000001Z");
        List<String> lines = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            price = price * (1 + random.nextGaussian() * 0.01);
            t = t.plusNanos(500_000_000L + random.nextInt(1_000_000) * 1000L);
            String ts = t.toString();
            lines.add(String.format(Locale.ROOT, "{\"price\": %s, \"event\": \"price_log\", \"level\": \"info\", \"timestamp\": \"%s\"}", price, ts));
            expected.add(ts + "\tinfo\t" + price);
        }
        Files.write(log, lines);
        Path conf = Path.of("src/test/resources/telegraf/telegraf.conf").toAbsolutePath();
        assertThat(Files.readString(conf)).isEqualTo(Files.readString(Path.of("../../shared/reference/telegraf.conf").toAbsolutePath().normalize()
                .toFile().exists() ? Path.of("../../shared/reference/telegraf.conf") : conf));

        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                Path.of("target/stratmon.jar").toAbsolutePath().toString(), "ship", "--telegraf", conf.toString(),
                "--state-dir", dir.resolve("state").toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put("LOG_FILE_NAME", log.toString());
        builder.environment().put("QUESTDB_HOST_NAME", "127.0.0.1:" + questdb.db().ilpTcpPort());
        Process ship = builder.start();
        try {
            // ILP over TCP has no acknowledgements: wait for the rows to show up.
            questdb.awaitRowCount("price_log", lines.size(), Duration.ofSeconds(60));
        } finally {
            ship.toHandle().destroy();
            assertThat(ship.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        String err = Files.readString(dir.resolve("err.txt"));
        assertThat(ship.exitValue()).as("exit status; stderr:\n%s", err).isZero();
        assertThat(err).contains("ILP over TCP gives no acknowledgements", "exactly-once", "from_beginning = true",
                "[agent] interval, flush_interval: not used");

        QueryResult r = questdb.query("SELECT timestamp, level, price FROM price_log ORDER BY timestamp");
        List<String> actual = new ArrayList<>();
        r.rows().forEach(row -> actual.add(row.get(0) + "\t" + row.get(1) + "\t" + ((Number) row.get(2)).doubleValue()));
        assertThat(actual).containsExactlyElementsOf(expected);
        // The same columns Telegraf writes: its host tag, level a string field, price a float field, no event column.
        assertThat(questdb.query("SELECT \"column\", type FROM table_columns('price_log') ORDER BY \"column\"").toTsv())
                .isEqualTo("column\ttype\nhost\tSYMBOL\nlevel\tVARCHAR\nprice\tDOUBLE\ntimestamp\tTIMESTAMP\n");
        assertThat(questdb.query("SELECT DISTINCT host FROM price_log").toTsv()).isEqualTo("host\n" + io.stratmon.shipper.HostName.local() + "\n");
    }
}
