package io.stratmon.shipper;

import io.stratmon.shipper.mapping.RowCheck;
import io.stratmon.shipper.sink.EncodedRows;
import io.stratmon.shipper.sink.RowSink;
import io.stratmon.shipper.sink.SinkConfig;
import io.stratmon.shipper.tail.FileOpener;
import io.stratmon.shipper.testing.InMemoryCheckpointStore;
import io.stratmon.shipper.testing.ManualClock;
import io.stratmon.shipper.testing.RecordingSink;
import io.stratmon.shipper.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.stratmon.shipper.LogWriter.BASE;
import static io.stratmon.shipper.LogWriter.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delivered batch's buffers (its ILP bytes, its lines' chunks) serve later polls: no row may carry bytes of
 * another, and a batch is never reused while the sink still reads it.
 */
class BatchReuseTest {
    private static final Pattern ROW = Pattern.compile("seq=(\\d+)\\.?0?,.*note=\"([^\"]*)\"");

    @TempDir
    Path dir;

    /** A line whose note's length and content follow from its seq (0 to 299 bytes), so rows of all sizes alternate. */
    static String line(long seq) {
        String note = String.valueOf((char) ('a' + seq % 26)).repeat((int) (seq * 37 % 300));
        return "{\"timestamp\":\"" + BASE.plusMillis(seq) + "\",\"event\":\"t\",\"seq\":" + seq + ",\"note\":\"" + note + "\"}\n";
    }

    static String lines(long from, long to) {
        StringBuilder sb = new StringBuilder();
        for (long i = from; i < to; i++) sb.append(line(i));
        return sb.toString();
    }

    ShipperConfig config(int batchRows) throws Exception {
        ShipperConfig c = ShipperConfig.of(List.of(dir.resolve("*.log").toString()), "http://127.0.0.1:1", dir.resolve("state"))
                .withSink(SinkConfig.of("http://127.0.0.1:1").withProtocolVersion(1)).withMetricsInterval(Duration.ZERO)
                .withMaxBatchRows(batchRows);
        Files.createDirectories(c.stateDir());
        return c;
    }

    @Test
    void rows_of_reused_batches_carry_their_own_line_and_nothing_of_an_earlier_batch() throws Exception {
        ManualClock clock = new ManualClock();
        RecordingSink sink = new RecordingSink();
        ShipperConfig c = config(7);
        try (Pipeline pipeline = Shipper.pipeline(c, sink, new InMemoryCheckpointStore(), new DeadLetters(c.stateDir()),
                new ShipperMetrics(), RowCheck.NONE, clock, FileOpener.DEFAULT)) {
            for (int round = 0; round < 20; round++) { // long batches, then short ones into the same buffers
                append(dir.resolve("app.log"), lines(round * 50L, round * 50L + (round % 2 == 0 ? 50 : 3)));
                while (pipeline.runOnce() > 0) clock.advance(Duration.ofMillis(100));
                clock.advance(Duration.ofMillis(100));
            }
        }
        List<String> rows = sink.rows("t");
        assertThat(rows).hasSize(10 * 50 + 10 * 3);
        for (String row : rows) {
            Matcher m = ROW.matcher(row);
            assertThat(m.find()).as(row).isTrue();
            long seq = Long.parseLong(m.group(1));
            assertThat(row).as("seq " + seq).contains("note=\"" + line(seq).replaceAll(".*\"note\":\"([^\"]*)\".*\\n", "$1") + "\"");
            assertThat(row).endsWith(" " + BASE.plusMillis(seq).toEpochMilli() * 1_000_000L);
        }
    }

    @Test
    void a_batch_is_not_reused_while_the_sink_still_reads_it() throws Exception {
        ShipperMetrics metrics = new ShipperMetrics();
        AtomicInteger sends = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        List<String> changed = new ArrayList<>();
        RowSink slow = new RowSink() {
            @Override
            public void send(EncodedRows rows, int from, int to) {
                byte[] before = Arrays.copyOfRange(rows.bytes(), rows.start(from), rows.end(to - 1));
                long sentUpTo = sent.addAndGet(to - from); // every line is a row here
                if (sends.getAndIncrement() < 5) {
                    // The reader encodes the next batch meanwhile: into this one's buffers, were it given back. (Not
                    // "100 lines more than read now": the reader may already be as far ahead as the queue lets it.)
                    await().atMost(Duration.ofSeconds(10)).until(() -> metrics.linesRead() >= Math.min(sentUpTo + 100, 1_000));
                }
                byte[] after = Arrays.copyOfRange(rows.bytes(), rows.start(from), rows.end(to - 1));
                if (!Arrays.equals(before, after)) changed.add("send " + sends.get());
            }

            @Override
            public void close() {}
        };
        ShipperConfig c = config(100);
        append(dir.resolve("app.log"), lines(0, 1_000));
        Pipeline pipeline = Shipper.pipeline(c, slow, new InMemoryCheckpointStore(), new DeadLetters(c.stateDir()), metrics,
                RowCheck.NONE, Clock.SYSTEM, FileOpener.DEFAULT);
        Thread runner = new Thread(() -> {
            try {
                pipeline.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runner.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> sends.get() >= 10);
        } finally {
            pipeline.stop();
            runner.join(10_000);
            pipeline.close();
        }
        assertThat(changed).isEmpty();
    }
}
