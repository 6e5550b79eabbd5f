package io.stratmon.shipper.sink;

import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.Row;
import io.stratmon.sql.SqlClient;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A request that times out client-side while QuestDB is still applying it (1,000 new columns, ~10 ms each). Before
 * this guard the sink gave up after its timeout and the pipeline retried at once: the retry raced the first request
 * column by column ("duplicate column" in QuestDB's log), timed out in turn, and a file stalled for minutes.
 */
class RequestTimeoutIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    private static IlpBatch wideRows(String table) {
        IlpBatch batch = new IlpBatch(2);
        for (int i = 0; i < 100; i++) {
            List<Row.Column> columns = new ArrayList<>();
            for (int c = 0; c < 10; c++) columns.add(new Row.Column("c" + i + "_" + c, ColumnType.LONG, (long) c));
            batch.add(new Row(table, 1_800_000_000_000_000_000L + i * 1000L, columns), "src", i);
        }
        return batch;
    }

    private long sequencerTxn(String table) {
        return questdb.query("SELECT sequencerTxn FROM wal_tables() WHERE name = '" + table + "'").longValue(0, 0);
    }

    /** Applying a thousand column additions takes QuestDB a while on a busy machine: longer than the kit's 30 s. */
    private void awaitApplied(String table) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> questdb.query(
                "SELECT writerTxn = sequencerTxn FROM wal_tables() WHERE name = '" + table + "'").value(0, 0) == Boolean.TRUE);
    }

    @Test
    void a_timed_out_request_is_handed_back_for_retry_only_once_questdb_has_finished_with_it_and_the_retry_is_harmless() {
        SqlClient sql = questdb.sqlClient();
        SinkConfig config = new SinkConfig(questdb.httpUrl(), questdb.username(), questdb.password(), 2, Duration.ofMillis(500));
        IlpBatch rows = wideRows("slow");
        try (HttpIlpSink sink = new HttpIlpSink(config, new TableSetup(sql), WalHealth.questDb(sql))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> sink.send(rows, 0, rows.rows())).isInstanceOf(SinkException.class)
                    .hasMessageContaining("did not answer in time").hasMessageContaining("before retrying")
                    .extracting(e -> ((SinkException) e).kind()).isEqualTo(SinkException.Kind.UNAVAILABLE);
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            long txnAtGiveUp = sequencerTxn("slow");
            // Every column QuestDB adds is a sequencer transaction, and so is the commit: had it still been working on
            // the request, the sequencer would have moved on.
            awaitApplied("slow");
            assertThat(sequencerTxn("slow")).as("QuestDB was done when the sink gave up").isEqualTo(txnAtGiveUp);
            assertThat(questdb.query("SELECT count() FROM table_columns('slow')").longValue(0, 0)).isEqualTo(3 + 1000);
            System.out.println("RequestTimeoutIT: gave up after " + waitedMs + " ms (timeout 500 ms), QuestDB done by then");

            sink.send(rows, 0, rows.rows()); // the retry: same rows, same dedup keys
            awaitApplied("slow");
            assertThat(questdb.count("slow")).as("dedup makes the replay harmless").isEqualTo(100);
        }
    }
}
