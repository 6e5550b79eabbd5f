package io.stratmon.shipper;

import io.stratmon.shipper.checkpoint.Checkpoint;
import io.stratmon.shipper.checkpoint.CheckpointStore;
import io.stratmon.shipper.mapping.Mapped;
import io.stratmon.shipper.mapping.RowCheck;
import io.stratmon.shipper.mapping.RowMapper;
import io.stratmon.shipper.parse.LineParser;
import io.stratmon.shipper.parse.Parsed;
import io.stratmon.shipper.sink.RowSink;
import io.stratmon.shipper.sink.SinkException;
import io.stratmon.shipper.sink.VisibilityGate;
import io.stratmon.shipper.tail.FileScanner;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.FileTracker;
import io.stratmon.shipper.tail.Fingerprint;
import io.stratmon.shipper.tail.Line;
import io.stratmon.shipper.tail.Tailer;
import io.stratmon.shipper.tail.TrackedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The shipper's one loop: find files, read lines, parse, map, send, and only then move checkpoints.
 * <pre>
 *   FileTracker → Tailer.read → LineParser → RowMapper → RowCheck → batch → RowSink.send (acknowledged) → commit
 *                                      ↘ rejected ↘          ↘                    ↘ refused by QuestDB → DeadLetters
 * </pre>
 * A line that cannot become a row, or that QuestDB refuses, goes to the dead-letter file and never blocks the others.
 * When QuestDB is unreachable the batch is retried forever with capped backoff and nothing more is read: the log
 * files are the buffer, so memory stays bounded.
 * <p>
 * {@link #run()} uses two threads so that parsing the next batch overlaps QuestDB ingesting the current one: the
 * calling thread reads and maps lines into batches, a second thread sends them and commits each batch's checkpoints,
 * in order. At most {@value #BATCHES_IN_FLIGHT} batches wait between them. {@link #runOnce()} does one round on the
 * calling thread alone. {@link #stop()} may be called from any thread.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private static final long MIN_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final long STATUS_EVERY_NANOS = 500_000_000L;
    static final int BATCHES_IN_FLIGHT = 2;

    private final ShipperConfig config;
    private final RowSink sink;
    private final CheckpointStore checkpointStore;
    private final DeadLetters deadLetters;
    private final ShipperMetrics metrics;
    private final RowCheck rowCheck;
    private final List<LineParser> parsers = new ArrayList<>();
    private final List<RowMapper> mappers = new ArrayList<>();
    private final FileTracker tracker;
    private final HealthReport health;
    /** sinkguard hook: holds each batch's commit until QuestDB has applied its rows (null: commit on the ack). */
    private final VisibilityGate gate;
    private long nextScanNanos;
    private long nextMetricsNanos;
    private long nextStatusNanos;
    private volatile ShipperStatus status;
    private volatile boolean stopping;

    /**
     * What one round read: rows to send, and the checkpoints (and per-file positions) that become true once they are
     * acknowledged. {@code bytes > 0} with no rows happens when every line was dead-lettered: it still commits.
     */
    private record Batch(RowBatch rows, List<Checkpoint> checkpoints, Map<TrackedFile, Long> positions,
                         int lines, long bytes) {
        static final Batch END = new Batch(null, List.of(), Map.of(), 0, 0);
    }

    public Pipeline(ShipperConfig config, RowSink sink, CheckpointStore checkpointStore, DeadLetters deadLetters,
                    ShipperMetrics metrics) {
        this(config, sink, checkpointStore, deadLetters, metrics, RowCheck.NONE);
    }

    public Pipeline(ShipperConfig config, RowSink sink, CheckpointStore checkpointStore, DeadLetters deadLetters,
                    ShipperMetrics metrics, RowCheck rowCheck) {
        this(config, sink, checkpointStore, deadLetters, metrics, rowCheck, null);
    }

    public Pipeline(ShipperConfig config, RowSink sink, CheckpointStore checkpointStore, DeadLetters deadLetters,
                    ShipperMetrics metrics, RowCheck rowCheck, VisibilityGate gate) {
        this.config = config;
        this.gate = gate;
        this.sink = sink;
        this.checkpointStore = checkpointStore;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.rowCheck = rowCheck;
        List<FileScanner> scanners = new ArrayList<>();
        for (InputConfig input : config.inputs()) {
            scanners.add(new FileScanner(input.files()));
            parsers.add(input.newParser());
            mappers.add(input.newMapper());
        }
        this.tracker = new FileTracker(scanners, config.tail().readFrom() == TailConfig.ReadFrom.END,
                config.tail().maxLineBytes(), config.tail().rotateWait(), checkpointStore.load());
        this.health = new HealthReport(metrics, config.sink().url(), gate == null ? List::of : gate::suspended);
        long now = System.nanoTime();
        this.nextMetricsNanos = now + config.metricsInterval().toNanos();
    }

    /**
     * Runs until {@link #stop()}: batches already read are sent and their checkpoints committed before it returns
     * (unless QuestDB is down, see {@link StoppedDuringOutage}).
     */
    public void run() throws IOException {
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
        AtomicReference<Throwable> senderFailure = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                for (Batch b = nextBatch(queue); b != Batch.END; b = nextBatch(queue)) {
                    deliverAndCommit(b);
                }
                awaitVisible(); // sinkguard hook: what is not applied by then is shipped again on the next start
            } catch (Throwable t) {
                senderFailure.set(t);
                stopping = true;
            }
        }, "stratmon-shipper-send");
        sender.start();
        try {
            while (!stopping) {
                Batch batch = cut();
                if (batch.bytes() > 0 || batch.rows().rows() > 0) {
                    while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                        if (senderFailure.get() != null) break; // the sender died: the batch is read again next run
                        // QuestDB slow or down: keep finding files meanwhile (a file renamed away before it was
                        // ever opened could not be shipped; once open, its handle follows it) and keep status fresh.
                        long now = System.nanoTime();
                        scanIfDue(now);
                        if (now - nextStatusNanos >= 0) {
                            publishStatus(now);
                            nextStatusNanos = now + STATUS_EVERY_NANOS;
                        }
                    }
                }
                if (batch.lines() == 0 && !stopping) {
                    sleep(config.tail().pollInterval().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopping = true;
            // Let the sender finish what was read; END after the last batch (it may have to wait for a free slot).
            while (sender.isAlive() && !queue.offer(Batch.END)) {
                try {
                    sender.join(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            try {
                sender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        publishStatus(System.nanoTime());
        Throwable failure = senderFailure.get();
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
    }

    /** Asks {@link #run()} to return after the batches already read. */
    public void stop() {
        stopping = true;
    }

    /** The latest snapshot (null before the first round). */
    public ShipperStatus status() {
        return status;
    }

    /** One round on the calling thread: scan when due, read one batch, ship it, commit. Returns the lines read. */
    public int runOnce() throws IOException {
        Batch batch = cut();
        if (batch.bytes() > 0 || batch.rows().rows() > 0) {
            deliverAndCommit(batch);
            awaitVisible();
        }
        return batch.lines();
    }

    /** Reads one batch: scans when due, reads every file up to the batch limits, adds metrics rows when due. */
    private Batch cut() throws IOException {
        long now = System.nanoTime();
        scanIfDue(now);
        RowBatch batch = new RowBatch(config.sink().protocolVersion());
        Map<TrackedFile, Long> positions = new HashMap<>();
        long bytes = 0;
        int lines = 0;
        for (TrackedFile f : tracker.files()) {
            if (batch.rows() >= config.maxBatchRows() || bytes >= config.maxBatchBytes()) break;
            tracker.checkTruncation(f, now);
            if (f.source().fingerprint() == Fingerprint.NOT_YET) continue; // no complete first line yet
            long before = f.linesRead();
            long consumed = f.tailer().read(new Tailer.LineConsumer() {
                @Override
                public void accept(Line line) {
                    f.lineRead();
                    handle(f, line, batch);
                }

                @Override
                public void tooLong(FileSource source, long offset, long length) {
                    f.lineRead();
                    deadLetter(f, offset, null, "line longer than max_line_bytes [length=" + length
                            + ", max_line_bytes=" + config.tail().maxLineBytes() + "]");
                }
            }, config.maxBatchBytes() - bytes, config.maxBatchRows() - batch.rows());
            if (consumed > 0) positions.put(f, f.tailer().position());
            bytes += consumed;
            lines += (int) (f.linesRead() - before);
        }
        metrics.linesRead(lines, bytes);
        if (config.metricsInterval().toNanos() > 0 && now - nextMetricsNanos >= 0) {
            health.addRows(batch, tracker.files(), now);
            nextMetricsNanos = now + config.metricsInterval().toNanos();
        }
        if (now - nextStatusNanos >= 0) {
            publishStatus(now);
            nextStatusNanos = now + STATUS_EVERY_NANOS;
        }
        List<Checkpoint> checkpoints = bytes > 0 ? tracker.checkpoints() : List.of();
        return new Batch(batch, checkpoints, positions, lines, bytes);
    }

    private void scanIfDue(long now) throws IOException {
        if (now - nextScanNanos >= 0) {
            tracker.scan(now);
            nextScanNanos = now + config.tail().scanInterval().toNanos();
        }
    }

    /** Sends a batch until every row is acknowledged or dead-lettered, then commits its checkpoints. */
    private void deliverAndCommit(Batch batch) {
        if (batch.rows().rows() > 0) {
            deliver(batch.rows(), 0, batch.rows().rows());
        }
        if (batch.bytes() > 0) {
            // Captures the checkpoints and positions only, not the batch: its ILP bytes are freed while the commit waits.
            List<Checkpoint> checkpoints = batch.checkpoints();
            Map<TrackedFile, Long> positions = batch.positions();
            Runnable commit = () -> {
                deadLetters.flush();
                checkpointStore.commit(checkpoints);
                positions.forEach(TrackedFile::acked);
            };
            if (gate == null) {
                commit.run();
            } else {
                // sinkguard hook: acknowledged is not yet visible; the commit waits for QuestDB to apply the rows.
                gate.acknowledged(batch.rows().tables(), commit);
                long backoff = MIN_BACKOFF_MS;
                while (gate.isFull() && gate.release() > 0 && gate.isFull() && !stopping) {
                    sleep(backoff); // e.g. a suspended table: hold, like an outage, until it is resumed
                    backoff = Math.min(backoff * 2, 1_000);
                }
            }
        }
    }

    /** The next batch; while none comes, batches waiting for QuestDB to apply them are committed when it has. */
    private Batch nextBatch(BlockingQueue<Batch> queue) throws InterruptedException {
        if (gate == null) return queue.take();
        Batch b;
        while ((b = queue.poll(100, TimeUnit.MILLISECONDS)) == null) gate.release();
        return b;
    }

    /** Gives QuestDB a few seconds to apply what was acknowledged, so a clean stop leaves little to replay. */
    private void awaitVisible() {
        if (gate == null) return;
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (gate.release() > 0 && System.nanoTime() - deadline < 0) sleep(20);
    }

    private void handle(TrackedFile f, Line line, RowBatch batch) {
        Parsed parsed = parsers.get(f.input()).parse(line);
        if (parsed instanceof Parsed.Ok ok) {
            Mapped mapped = mappers.get(f.input()).map(ok.record());
            if (mapped instanceof Mapped.Ok mappedOk) {
                String problem = rowCheck.problem(mappedOk.row());
                if (problem == null) {
                    // _src (which file, by its first line) and _offset (where in it) make every line's key unique.
                    batch.add(mappedOk.row(), config.dedup() ? f.source().src() : null, f, line.offset(),
                            line.buffer(), line.start(), line.length());
                } else {
                    deadLetter(f, line.offset(), line.copyBytes(), problem);
                }
            } else {
                deadLetter(f, line.offset(), line.copyBytes(), ((Mapped.Rejected) mapped).reason());
            }
        } else if (parsed instanceof Parsed.Rejected rejected) {
            deadLetter(f, line.offset(), line.copyBytes(), rejected.reason());
        }
    }

    /** Sends rows [from, to) until every one is acknowledged or dead-lettered. Returns only then (or throws on stop). */
    private void deliver(RowBatch batch, int from, int to) {
        long backoff = MIN_BACKOFF_MS;
        while (from < to) {
            long start = System.nanoTime();
            try {
                sink.send(batch, from, to);
                for (int i = from; i < to; i++) {
                    if (batch.file(i) != null) batch.file(i).rowsShipped(1);
                }
                metrics.batchShipped(batch.lines(from, to), (System.nanoTime() - start) / 1000);
                return;
            } catch (SinkException e) {
                if (e.kind() == SinkException.Kind.REJECTED) {
                    from = withoutRejected(batch, from, to, e);
                    backoff = MIN_BACKOFF_MS;
                } else {
                    metrics.retried(e.getMessage());
                    if (backoff == MIN_BACKOFF_MS || backoff == MAX_BACKOFF_MS) {
                        log.warn("QuestDB unavailable, retrying [rows={}, backoffMs={}]: {}", to - from, backoff, e.getMessage());
                    }
                    if (stopping) {
                        throw new StoppedDuringOutage(e);
                    }
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                }
            }
        }
    }

    /**
     * QuestDB refused the whole request because of one row. When it named the row, the rows before it are sent on
     * their own and the bad one dead-lettered; otherwise the first half is sent on its own (recursively, until the bad
     * row is alone). Returns where the rest starts.
     */
    private int withoutRejected(RowBatch batch, int from, int to, SinkException e) {
        if (to - from == 1) {
            refused(batch, from, e);
            return to;
        }
        int index = e.rowIndex();
        if (index >= 0 && index < to - from) {
            if (index > 0) deliver(batch, from, from + index);
            refused(batch, from + index, e);
            return from + index + 1;
        }
        int half = from + (to - from) / 2;
        deliver(batch, from, half);
        return half;
    }

    private void refused(RowBatch batch, int row, SinkException e) {
        TrackedFile file = batch.file(row);
        if (file == null) {
            log.warn("QuestDB refused a metrics row: {}", e.getMessage());
            return;
        }
        deadLetter(file, batch.offset(row), batch.line(row), "rejected by QuestDB: " + e.getMessage());
    }

    private void deadLetter(TrackedFile f, long offset, byte[] raw, String reason) {
        deadLetters.add(f.source(), offset, raw, reason);
        f.deadLettered();
        metrics.lineDeadLettered();
    }

    private void publishStatus(long now) {
        ShipperStatus snapshot = health.snapshot(tracker.files(), now);
        status = snapshot;
        try {
            snapshot.write(config.stateDir().resolve("status.json"));
        } catch (RuntimeException e) {
            log.warn("Cannot write status file [stateDir={}]: {}", config.stateDir(), e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        tracker.close();
        deadLetters.close();
        sink.close();
    }

    /** Stop was requested while QuestDB was down: the unacknowledged batch is left for the next start. */
    public static final class StoppedDuringOutage extends RuntimeException {
        StoppedDuringOutage(Throwable cause) {
            super("stopped while QuestDB was unavailable; unacknowledged lines will be shipped on the next start", cause);
        }
    }
}
