package io.stratmon.shipper;

import io.stratmon.sql.QueryResult;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.stratmon.shipper.LogWriter.appendLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** QuestDB goes away while lines keep coming: nothing is lost or duplicated, and the shipper catches up. */
class OutageIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    ShipperConfig config() {
        return ShipperConfig.of(List.of(dir.resolve("*.log").toString()), questdb.httpUrl(), dir.resolve("state")).withCredentials(questdb.username(), questdb.password());
    }

    void assertExactly(String table, long rows) {
        questdb.awaitRowCount(table, rows, Duration.ofSeconds(60));
        QueryResult r = questdb.query("SELECT count() n, count_distinct(cast(seq AS long)) d, min(seq) lo, max(seq) hi FROM " + table);
        assertThat(r.toTsv()).isEqualTo("n\td\tlo\thi\n" + rows + "\t" + rows + "\t0.0\t" + (double) (rows - 1) + "\n");
    }

    @Test
    void questdb_stopped_mid_stream_loses_and_duplicates_nothing() throws Exception {
        Path log = dir.resolve("app.log");
        AtomicBoolean writing = new AtomicBoolean(true);
        long[] written = {0};
        Thread writer = new Thread(() -> {
            // About 2,000 lines/s in small bursts, for the whole outage and after it.
            while (writing.get()) {
                appendLines(log, "outage", written[0], written[0] + 20);
                written[0] += 20;
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (Shipper shipper = Shipper.start(config())) {
            writer.start();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> questdb.count("outage") > 2_000);
            questdb.stop();
            long atStop = written[0];
            // The outage lasts until the shipper has backed off several times and 2,000 more lines wait in the file.
            await().atMost(Duration.ofSeconds(30)).until(() -> shipper.metrics().retries() >= 6 && written[0] - atStop >= 2_000);
            await().atMost(Duration.ofSeconds(5)).until(() -> shipper.status().retrying());
            questdb.start();
            writing.set(false);
            writer.join();
            assertExactly("outage", written[0]);
            await().until(() -> !shipper.metrics().retrying());
            assertThat(shipper.metrics().deadLettered()).isZero();
        }
    }

    @Test
    void starts_while_questdb_is_down_and_ships_once_it_is_up() throws Exception {
        questdb.stop();
        try (Shipper shipper = Shipper.start(config())) {
            appendLines(dir.resolve("early.log"), "down_at_start", 0, 500);
            await().atMost(Duration.ofSeconds(10)).until(() -> shipper.metrics().retries() > 1);
            questdb.start();
            assertExactly("down_at_start", 500);
        }
    }

    @Test
    void a_stop_during_an_outage_exits_promptly_and_the_next_run_ships_the_lines() throws Exception {
        Path log = dir.resolve("stop.log");
        questdb.stop();
        Shipper first = Shipper.start(config());
        appendLines(log, "stop_in_outage", 0, 300);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.metrics().retries() > 0);
        long t0 = System.nanoTime();
        first.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        questdb.start();
        try (Shipper second = Shipper.start(config())) {
            assertExactly("stop_in_outage", 300);
        }
    }
}
