package io.stratmon.shipper;

import io.stratmon.shipper.checkpoint.Checkpoint;
import io.stratmon.shipper.checkpoint.JsonFileCheckpointStore;
import io.stratmon.sql.SqlException;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Acknowledged but never visible: a WAL table suspended while the shipper feeds it. QuestDB keeps acknowledging rows
 * (they wait in the WAL) and applies none. On the code before the visibility gate, the checkpoint moved past those
 * rows at once, and nothing said the table was suspended.
 */
class SuspendedWalIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    /** {@code ALTER TABLE ... SUSPEND WAL} is refused outside QuestDB's dev mode: restart it in dev mode. */
    @BeforeAll
    static void devMode() throws Exception {
        Path conf = questdb.db().options().dataDir().toAbsolutePath().resolve("conf/server.conf");
        questdb.stop();
        Files.writeString(conf, "\ndev.mode.enabled=true\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        questdb.start();
    }

    private ShipperConfig config() {
        return ShipperConfig.of(List.of(dir.resolve("*.log").toString()), questdb.httpUrl(), dir.resolve("state")).withCredentials(questdb.username(), questdb.password());
    }

    private static String lines(String table, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append("{\"timestamp\":\"").append(LogWriter.BASE.plusMillis(i)).append("\",\"event\":\"").append(table)
                    .append("\",\"n\":").append(i).append("}\n");
        }
        return b.toString();
    }

    @Test
    void a_suspended_table_is_said_loudly_and_checkpoints_wait_until_it_is_resumed() throws Exception {
        Path log = dir.resolve("s.log");
        Files.writeString(log, lines("susp", 0, 10));
        long firstSize = Files.size(log);
        JsonFileCheckpointStore checkpoints = new JsonFileCheckpointStore(dir.resolve("state"));
        try (Shipper shipper = Shipper.start(config().withMetricsInterval(Duration.ofMillis(200)))) {
            questdb.awaitRowCount("susp", 10);
            await().atMost(Duration.ofSeconds(10)).until(() -> offset(checkpoints) == firstSize);

            questdb.query("ALTER TABLE susp SUSPEND WAL");
            long seqBefore = questdb.query("SELECT sequencerTxn FROM wal_tables() WHERE name = 'susp'").longValue(0, 0);
            Files.writeString(log, lines("susp", 10, 20), StandardOpenOption.APPEND);
            long fullSize = Files.size(log);

            // Acknowledged (in the WAL) but not applied: not visible, and the checkpoint stays before those rows.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(SqlException.class).until(() -> questdb.query(
                    "SELECT sequencerTxn FROM wal_tables() WHERE name = 'susp'").longValue(0, 0) > seqBefore);
            await().atMost(Duration.ofSeconds(10)).until(() -> ShipperStatus.read(dir.resolve("state/status.json"))
                    .suspendedTables().contains("susp"));
            questdb.assertSqlEventually("wal_suspended\tsuspended_tables\n1.0\tsusp\n", "SELECT wal_suspended, suspended_tables"
                    + " FROM stratmon_shipper WHERE file = '*' LATEST ON timestamp PARTITION BY file");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> offset(checkpoints) == firstSize);
            assertThat(questdb.count("susp")).isEqualTo(10);

            questdb.query("ALTER TABLE susp RESUME WAL");
            questdb.awaitRowCount("susp", 20);
            await().atMost(Duration.ofSeconds(10)).until(() -> offset(checkpoints) == fullSize);
            await().atMost(Duration.ofSeconds(10)).until(() -> ShipperStatus.read(dir.resolve("state/status.json"))
                    .suspendedTables().isEmpty());
            assertThat(shipper.isRunning()).isTrue();
        }
    }

    private static long offset(JsonFileCheckpointStore store) {
        List<Checkpoint> all = store.load();
        return all.isEmpty() ? -1 : all.get(0).offset();
    }
}
