package io.stratmon.shipper;

import io.stratmon.shipper.sink.EncodedRows;
import io.stratmon.shipper.sink.RowSink;
import io.stratmon.shipper.sink.SinkException;
import io.stratmon.shipper.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Gets encoded rows acknowledged: retries while QuestDB is unavailable (capped backoff, forever: the log files are
 * the buffer), and when QuestDB refuses a request because of one row, sends the others without it and returns the
 * refused rows. Returns only when every row is acknowledged or refused, or throws {@link StoppedDuringOutage} when a
 * stop is asked for during an outage. Time and waiting come from the injected clock.
 */
final class Delivery {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    /** A row QuestDB refused, by index in the rows given to {@link #deliver}, with QuestDB's reason. */
    record Refusal(int row, String reason) {}

    private final RowSink sink;
    private final Clock clock;
    private final Backoff backoff;
    private final ShipperMetrics metrics;
    private final BooleanSupplier stopping;

    Delivery(RowSink sink, Clock clock, Backoff backoff, ShipperMetrics metrics, BooleanSupplier stopping) {
        this.sink = sink;
        this.clock = clock;
        this.backoff = backoff;
        this.metrics = metrics;
        this.stopping = stopping;
    }

    List<Refusal> deliver(EncodedRows rows) {
        List<Refusal> refused = new ArrayList<>(0);
        deliver(rows, 0, rows.rows(), refused);
        return refused;
    }

    /** Sends rows [from, to) until every one is acknowledged or refused. */
    private void deliver(EncodedRows rows, int from, int to, List<Refusal> refused) {
        long wait = 0;
        while (from < to) {
            long start = clock.nanos();
            try {
                sink.send(rows, from, to);
                long took = clock.nanos() - start;
                long now = clock.millis();
                metrics.batchShipped(to - from, took / 1000, now);
                metrics.acknowledged(rows, from, to, took, now);
                return;
            } catch (SinkException e) {
                if (e.kind() == SinkException.Kind.REJECTED) {
                    from = withoutRejected(rows, from, to, e, refused);
                    wait = 0;
                } else {
                    metrics.retried(e.getMessage());
                    metrics.senderTick(clock.nanos());
                    wait = backoff.nextMillis(wait);
                    if (wait == backoff.min().toMillis() || backoff.atMax(wait)) {
                        log.warn("QuestDB unavailable, retrying [rows={}, backoffMs={}]: {}", to - from, wait, e.getMessage());
                    }
                    if (stopping.getAsBoolean()) throw new StoppedDuringOutage(e);
                    try {
                        clock.sleep(wait);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new StoppedDuringOutage(e);
                    }
                }
            }
        }
    }

    /**
     * QuestDB refused the whole request because of one row. When it named the row, the rows before it are sent on
     * their own and the bad one refused; otherwise the first half is sent on its own (recursively, until the bad row
     * is alone). Returns where the rest starts.
     */
    private int withoutRejected(EncodedRows rows, int from, int to, SinkException e, List<Refusal> refused) {
        if (to - from == 1) {
            refused.add(new Refusal(from, e.getMessage()));
            return to;
        }
        int index = e.rowIndex();
        if (index >= 0 && index < to - from) {
            if (index > 0) deliver(rows, from, from + index, refused);
            refused.add(new Refusal(from + index, e.getMessage()));
            return from + index + 1;
        }
        int half = from + (to - from) / 2;
        deliver(rows, from, half, refused);
        return half;
    }

    /** Stop was requested while QuestDB was down: the unacknowledged batch is left for the next start. */
    static final class StoppedDuringOutage extends RuntimeException {
        StoppedDuringOutage(Throwable cause) {
            super("stopped while QuestDB was unavailable; unacknowledged lines will be shipped on the next start", cause);
        }
    }
}
