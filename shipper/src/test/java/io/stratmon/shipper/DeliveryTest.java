package io.stratmon.shipper;

import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.sink.IlpBatch;
import io.stratmon.shipper.testing.ManualClock;
import io.stratmon.shipper.testing.RecordingSink;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryTest {
    final ManualClock clock = new ManualClock();
    final RecordingSink sink = new RecordingSink();
    final ShipperMetrics metrics = new ShipperMetrics();
    final AtomicBoolean stopping = new AtomicBoolean();
    final Delivery delivery = new Delivery(sink, clock, new Backoff(Duration.ofMillis(50), Duration.ofMillis(1000)), metrics, stopping::get);

    static IlpBatch rows(int n) {
        IlpBatch batch = new IlpBatch(1);
        for (int i = 0; i < n; i++) {
            batch.add(new Row("t", 1_000_000_000L * (i + 1), List.of(new Row.Column("seq", ColumnType.DOUBLE, (double) i))), "00ab", i);
        }
        return batch;
    }

    @Test
    void retries_while_questdb_is_down_with_capped_exponential_backoff_then_ships() {
        sink.down(true);
        Thread up = new Thread(() -> {
            while (clock.sleeps().size() < 8) Thread.onSpinWait();
            sink.down(false);
        });
        up.start();
        assertThat(delivery.deliver(rows(10))).isEmpty();
        assertThat(clock.sleeps()).startsWith(50L, 100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
        assertThat(sink.seqs("t")).hasSize(10);
        assertThat(metrics.retries()).isGreaterThanOrEqualTo(8);
        assertThat(metrics.retrying()).isFalse();
    }

    @Test
    void a_refused_row_is_returned_and_every_other_row_is_shipped() {
        sink.refuse(line -> line.contains("seq=7.0"));
        List<Delivery.Refusal> refused = delivery.deliver(rows(20));
        assertThat(refused).extracting(Delivery.Refusal::row).containsExactly(7);
        assertThat(sink.seqs("t")).hasSize(19).doesNotContain(7L);
        assertThat(clock.sleeps()).as("a refusal is not an outage: no waiting").isEmpty();
    }

    @Test
    void several_refused_rows_are_each_found() {
        sink.refuse(line -> line.contains("seq=3.0") || line.contains("seq=4.0") || line.contains("seq=19.0"));
        assertThat(delivery.deliver(rows(20))).extracting(Delivery.Refusal::row).containsExactly(3, 4, 19);
        assertThat(sink.seqs("t")).hasSize(17);
    }

    @Test
    void a_stop_during_an_outage_gives_up_the_batch_for_the_next_start() {
        sink.down(true);
        stopping.set(true);
        assertThatThrownBy(() -> delivery.deliver(rows(3))).isInstanceOf(Delivery.StoppedDuringOutage.class);
        assertThat(sink.sent()).isEmpty();
    }
}
