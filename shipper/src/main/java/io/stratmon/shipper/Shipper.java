package io.stratmon.shipper;

import io.stratmon.shipper.checkpoint.Checkpoint;
import io.stratmon.shipper.checkpoint.CheckpointStore;
import io.stratmon.shipper.checkpoint.JsonFileCheckpointStore;
import io.stratmon.shipper.checkpoint.RetryingCheckpointStore;
import io.stratmon.shipper.mapping.RowCheck;
import io.stratmon.shipper.sink.HttpIlpSink;
import io.stratmon.shipper.sink.RetentionKeeper;
import io.stratmon.shipper.sink.RowSink;
import io.stratmon.shipper.sink.SchemaGuard;
import io.stratmon.shipper.sink.SinkConfig;
import io.stratmon.shipper.sink.TableBudget;
import io.stratmon.shipper.sink.TableSetup;
import io.stratmon.shipper.sink.TcpIlpSink;
import io.stratmon.shipper.sink.VisibilityGate;
import io.stratmon.shipper.sink.WalHealth;
import io.stratmon.shipper.tail.FileOpener;
import io.stratmon.shipper.tail.FileScanner;
import io.stratmon.shipper.tail.FileTailer;
import io.stratmon.shipper.tail.LineSource;
import io.stratmon.shipper.tail.TailOptions;
import io.stratmon.shipper.time.Clock;
import io.stratmon.sql.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The shipper as a service: a background thread running the {@link Pipeline} until {@link #close()}.
 *
 * <pre>{@code
 * ShipperConfig config = ShipperConfig.of(List.of("logs/*.jsonl"), "http://127.0.0.1:9000", Path.of("state"));
 * try (Shipper shipper = Shipper.start(config)) {
 *     ...                                   // lines appended to logs/*.jsonl appear in QuestDB
 * }                                         // close(): finish the batch in flight, commit checkpoints
 * }</pre>
 */
public final class Shipper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Shipper.class);

    private final Pipeline pipeline;
    private final RetryingCheckpointStore checkpoints;
    private final ShipperMetrics metrics;
    private final Thread thread;
    private final FileChannel lockChannel;
    private volatile Throwable failure;
    private RetentionKeeper retention; // null over TCP
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    private Shipper(Pipeline pipeline, RetryingCheckpointStore checkpoints, ShipperMetrics metrics, FileChannel lockChannel) {
        this.pipeline = pipeline;
        this.checkpoints = checkpoints;
        this.metrics = metrics;
        this.lockChannel = lockChannel;
        this.thread = new Thread(this::loop, "stratmon-shipper");
    }

    /** Validates the config (throwing with every problem listed), locks the state dir and starts shipping. */
    public static Shipper start(ShipperConfig config) { return prepare(config, config.limits()).begin(); }

    /** As {@link #start(ShipperConfig)}, with these caps on new tables and columns. */
    public static Shipper start(ShipperConfig config, TableBudget.Limits limits) { return prepare(config, limits).begin(); }

    /** As {@link #start(ShipperConfig)}, not shipping until {@link #begin()}: meters bound meanwhile see every batch. */
    public static Shipper prepare(ShipperConfig config) { return prepare(config, config.limits()); }

    /** Starts the shipping thread of a {@link #prepare}d shipper (a second call does nothing); returns it. */
    public synchronized Shipper begin() {
        if (thread.getState() == Thread.State.NEW) thread.start();
        return this;
    }

    private static Shipper prepare(ShipperConfig config, TableBudget.Limits limits) {
        List<Object> problems = new ArrayList<>(config.withLimits(limits).problems());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid shipper config: " + problems.stream().map(Object::toString).collect(java.util.stream.Collectors.joining("; ")));
        }
        FileChannel lock = lockStateDir(config);
        try {
            ShipperMetrics metrics = new ShipperMetrics();
            // Read the state first: a bad checkpoint file is a one-line error before anything connects anywhere.
            JsonFileCheckpointStore file = new JsonFileCheckpointStore(config.stateDir());
            DeadLetters deadLetters = new DeadLetters(config.stateDir(), file.load());
            RetryingCheckpointStore checkpoints = new RetryingCheckpointStore(file, deadLetters::flushed, System::nanoTime,
                    file.file().toString(), deadLetters::checkpointsWritten);
            Pipeline pipeline = pipeline(config, sink(config), checkpoints, deadLetters, metrics,
                    guards(config.sink(), limits, Clock.SYSTEM, metrics), Clock.SYSTEM, FileOpener.DEFAULT, visibilityGate(config.sink()));
            Shipper shipper = new Shipper(pipeline, checkpoints, metrics, lock);
            SinkConfig s = config.sink();
            if (!s.isTcp() && config.retention().appliesToAny()) shipper.retention = RetentionKeeper.start(SqlClient.connect(s.url(), s.username(), s.password()), config.retention());
            log.info("Shipper started [inputs={}, questdb={}, stateDir={}]", config.inputs().stream().map(InputConfig::files).toList(),
                    config.sink().url(), config.stateDir().toAbsolutePath());
            return shipper;
        } catch (RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
    }

    /** Wires the stages by hand: the whole flow in one place. Tests pass a recording sink, store, clock or opener. */
    static Pipeline pipeline(ShipperConfig config, RowSink sink, CheckpointStore checkpoints, DeadLetters deadLetters,
                             ShipperMetrics metrics, RowCheck check, Clock clock, FileOpener opener) {
        return pipeline(config, sink, checkpoints, deadLetters, metrics, check, clock, opener, null);
    }

    /** As above; {@code gate} holds each commit until QuestDB applied the batch (null: commit on the ack). */
    static Pipeline pipeline(ShipperConfig config, RowSink sink, CheckpointStore checkpoints, DeadLetters deadLetters,
                             ShipperMetrics metrics, RowCheck check, Clock clock, FileOpener opener, VisibilityGate gate) {
        List<FileScanner> scanners = new ArrayList<>();
        List<LineConverter> converters = new ArrayList<>();
        for (InputConfig input : config.inputs()) {
            scanners.add(new FileScanner(input.files()));
            converters.add(LineConverter.of(input, check));
        }
        TailConfig tail = config.tail();
        TailOptions options = TailOptions.defaults().withStartAtEnd(tail.readFrom() == TailConfig.ReadFrom.END)
                .withMaxLineBytes(tail.maxLineBytes()).withScanInterval(tail.scanInterval()).withRotateWait(tail.rotateWait())
                .withWatch(clock == Clock.SYSTEM); // events come in real time: a test's manual clock polls
        LineSource source = new FileTailer(scanners, options, checkpoints.load().stream().map(Checkpoint::cursor).toList(),
                clock, opener);
        int protocol = config.sink().protocolVersion();
        Pipeline[] self = {null};
        Delivery delivery = new Delivery(sink, clock, Backoff.DEFAULT, metrics, () -> self[0].stopping());
        Commits commits = new Commits(gate, clock, () -> self[0].stopping(), () -> metrics.senderTick(clock.nanos()));
        Reporter reporter = new Reporter(new HealthReport(metrics, config.sink().url(), clock, commits::suspended), source, sink, clock,
                config.stateDir().resolve("status.json"), config.metricsInterval(), protocol);
        SrcKeys keys = config.dedup() ? SrcKeys.open(config.stateDir(), config.inputs(), checkpoints.load()) : null;
        Encoder encoder = new Encoder(converters, keys, protocol, tail.maxLineBytes());
        self[0] = new Pipeline(new Pipeline.Stages(source, encoder, delivery, checkpoints, deadLetters, reporter, clock, sink, commits),
                new LineSource.Budget(config.maxBatchBytes(), config.maxBatchRows()), tail.pollInterval());
        return self[0];
    }

    private static RowSink sink(ShipperConfig config) {
        SinkConfig sink = config.sink();
        if (sink.isTcp()) {
            log.warn("ILP over TCP gives no acknowledgements: QuestDB drops bad rows and rows in flight when it closes the"
                    + " connection, silently. Use an http:// URL for exactly-once delivery [url={}]", sink.url());
            return new TcpIlpSink(sink);
        }
        TableSetup tables = null;
        if (config.dedup()) {
            tables = new TableSetup(SqlClient.connect(sink.url(), sink.username(), sink.password()), config.retention());
        } else {
            log.info("Deduplication is off: a replay after a crash may duplicate rows");
        }
        // A timed-out request is retried only once QuestDB has finished with it (its tables' WAL stood still 1 s).
        return new HttpIlpSink(sink, tables, WalHealth.questDb(SqlClient.connect(sink.url(), sink.username(), sink.password())),
                Clock.SYSTEM);
    }

    /**
     * Refuses, before sending, values QuestDB would refuse for the column's existing type, so they never cost the rest
     * of their batch. Over TCP there is no HTTP endpoint to ask: it judges by what this run has sent.
     */
    private static RowCheck schemaGuard(SinkConfig sink) {
        if (sink.isTcp()) return new SchemaGuard(SchemaGuard.NONE, Clock.SYSTEM);
        return new SchemaGuard(SchemaGuard.questDbLookup(SqlClient.connect(sink.url(), sink.username(), sink.password())), Clock.SYSTEM);
    }

    /**
     * The table budget first (so a row it refuses teaches the schema guard no column type), then the schema guard.
     * Over TCP nothing can be asked: the budget counts what this run has sent.
     */
    private static RowCheck guards(SinkConfig sink, TableBudget.Limits limits, Clock clock, ShipperMetrics metrics) {
        TableBudget.Schema schema = sink.isTcp() ? TableBudget.Schema.NONE
                : TableBudget.questDbSchema(SqlClient.connect(sink.url(), sink.username(), sink.password()));
        RowCheck budget = new TableBudget(limits, schema, () -> Instant.ofEpochMilli(clock.millis())).onNewTable(metrics::tableCreated);
        RowCheck guard = schemaGuard(sink);
        return RowCheck.both(budget, guard);
    }

    /** Checkpoints move once QuestDB applied the rows, not on the ack alone (HTTP only: TCP has no acknowledgement). */
    private static VisibilityGate visibilityGate(SinkConfig sink) {
        if (sink.isTcp()) return null;
        return new VisibilityGate(WalHealth.questDb(SqlClient.connect(sink.url(), sink.username(), sink.password())),
                VisibilityGate.DEFAULT_MAX_PENDING, Clock.SYSTEM::nanos, VisibilityGate.DEFAULT_MIN_INTERVAL);
    }

    /** The latest status snapshot (null until the first round). */
    public ShipperStatus status() {
        return pipeline.status();
    }

    /** One shipper per state dir: two would fight over the same checkpoints. */
    private static FileChannel lockStateDir(ShipperConfig config) {
        try {
            Files.createDirectories(config.stateDir());
            FileChannel channel = FileChannel.open(config.stateDir().resolve("shipper.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another shipper uses this state dir [stateDir="
                        + config.stateDir().toAbsolutePath() + "]");
            }
            return channel;
        } catch (IOException e) {
            throw unusableStateDir(config, e);
        }
    }

    /** One line, no stack trace on the console (an IllegalStateException): which dir, which key, what to do. */
    static IllegalStateException unusableStateDir(ShipperConfig config, IOException e) {
        return new IllegalStateException("cannot use the state dir " + config.stateDir().toAbsolutePath()
                + " [key=shipper.state_dir]: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                + "; make it a writable directory, or point [shipper] state_dir (ship: --state-dir) at one");
    }

    private void loop() {
        try {
            pipeline.run();
        } catch (Delivery.StoppedDuringOutage e) {
            log.warn(e.getMessage());
        } catch (Throwable t) {
            failure = t;
            try {
                log.error("Shipper stopped on an unexpected error", t);
            } catch (Throwable ignored) {
                // Out of memory even for the log line: terminated() still tells the application.
            }
        } finally {
            Throwable t = failure;
            if (t != null) terminated.completeExceptionally(t);
            else terminated.complete(null);
        }
    }

    /**
     * Completes when the shipping thread has ended: normally after {@link #close()} (or a stop during an outage),
     * exceptionally with the error that killed it (any {@link Throwable}, an {@code OutOfMemoryError} included).
     * A process that serves anything else beside the shipper watches this, so it never runs on shipping nothing.
     */
    public CompletableFuture<Void> terminated() {
        return terminated.copy();
    }

    public ShipperMetrics metrics() {
        return metrics;
    }

    /** True while the shipping thread runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** The error that stopped the shipper, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Finishes the batch in flight, commits checkpoints and stops (waits up to 10 s). */
    @Override
    public void close() {
        pipeline.stop();
        if (retention != null) retention.close();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("Shipper did not stop within 10 s; unacknowledged lines will be shipped again on the next start");
        }
        try {
            pipeline.close(); // dead letters first: the checkpoints written next may skip their lines
        } catch (Exception e) {
            log.warn("Error while closing files", e);
        }
        if (!checkpoints.writePendingNow()) {
            log.warn("Checkpoints could not be written before stopping; the lines since the last written checkpoint"
                    + " are shipped again on the next start (QuestDB dedup drops them)");
        }
        closeQuietly(lockChannel);
        log.info("Shipper stopped [linesRead={}, rowsShipped={}, deadLettered={}]",
                metrics.linesRead(), metrics.rowsShipped(), metrics.deadLettered());
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The lock is released with the channel or with the process.
        }
    }
}
