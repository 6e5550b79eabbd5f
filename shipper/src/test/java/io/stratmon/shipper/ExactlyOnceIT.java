package io.stratmon.shipper;

import io.stratmon.shipper.checkpoint.JsonFileCheckpointStore;
import io.stratmon.shipper.mapping.RowCheck;
import io.stratmon.shipper.tail.FileOpener;
import io.stratmon.shipper.time.Clock;
import io.stratmon.shipper.sink.EncodedRows;
import io.stratmon.shipper.sink.HttpIlpSink;
import io.stratmon.shipper.sink.RowSink;
import io.stratmon.shipper.sink.TableSetup;
import io.stratmon.sql.SqlClient;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.stratmon.shipper.LogWriter.appendLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The crash window that dedup exists for, made deterministic: QuestDB acknowledges a batch and the process dies
 * before the checkpoint is written. The next run replays those lines; with dedup they land once, without it twice.
 */
class ExactlyOnceIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    /** Forwards to the real sink, then "dies" right after QuestDB acknowledged. */
    static final class DieAfterAck implements RowSink {
        final RowSink real;

        DieAfterAck(RowSink real) {
            this.real = real;
        }

        @Override
        public void send(EncodedRows rows, int from, int to) {
            real.send(rows, from, to);
            throw new ProcessDied();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    static final class ProcessDied extends RuntimeException {}

    long replayAfterCrash(String table, boolean dedup) throws Exception {
        appendLines(dir.resolve(table + ".log"), table, 0, 1_000);
        ShipperConfig config = ShipperConfig.of(List.of(dir.resolve(table + ".log").toString()), questdb.httpUrl(),
                dir.resolve("state-" + table)).withCredentials(questdb.username(), questdb.password()).withDedup(dedup).withMetricsInterval(Duration.ZERO);
        RowSink sink = new HttpIlpSink(config.sink(), dedup ? new TableSetup(questdb.sqlClient()) : null);
        try (Pipeline crashing = Shipper.pipeline(config, new DieAfterAck(sink), new JsonFileCheckpointStore(config.stateDir()),
                new DeadLetters(config.stateDir()), new ShipperMetrics(), RowCheck.NONE, Clock.SYSTEM, FileOpener.DEFAULT)) {
            assertThatThrownBy(crashing::runOnce).isInstanceOf(ProcessDied.class);
        }
        questdb.awaitRowCount(table, 1_000);
        try (Shipper restarted = Shipper.start(config)) {
            org.awaitility.Awaitility.await().until(() -> restarted.metrics().rowsShipped() == 1_000);
        }
        questdb.awaitWalApplied(table);
        return questdb.count(table);
    }

    @Test
    void a_replay_after_a_crash_between_ack_and_checkpoint_lands_once_with_dedup() throws Exception {
        assertThat(replayAfterCrash("eo_dedup", true)).isEqualTo(1_000);
        assertThat(questdb.query("SELECT count_distinct(cast(seq AS long)) d FROM eo_dedup").toTsv()).isEqualTo("d\n1000\n");
        assertThat(questdb.query("SELECT dedup FROM tables() WHERE table_name = 'eo_dedup'").toTsv()).isEqualTo("dedup\ntrue\n");
    }

    @Test
    void without_dedup_the_same_replay_duplicates_which_is_why_it_is_on_by_default() throws Exception {
        assertThat(replayAfterCrash("eo_plain", false)).isEqualTo(2_000);
    }

    @Test
    void a_table_that_exists_without_dedup_keeps_working() throws Exception {
        questdb.query("CREATE TABLE eo_existing (timestamp TIMESTAMP, level SYMBOL, seq DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        appendLines(dir.resolve("existing.log"), "eo_existing", 0, 300);
        ShipperConfig config = ShipperConfig.of(List.of(dir.resolve("existing.log").toString()), questdb.httpUrl(), dir.resolve("state-existing")).withCredentials(questdb.username(), questdb.password());
        try (Shipper shipper = Shipper.start(config)) {
            questdb.awaitRowCount("eo_existing", 300);
            assertThat(shipper.metrics().deadLettered()).isZero();
        }
        // The table was left as it was (no dedup), only the key columns were added by ILP.
        assertThat(questdb.query("SELECT dedup FROM tables() WHERE table_name = 'eo_existing'").toTsv()).isEqualTo("dedup\nfalse\n");
    }
}
