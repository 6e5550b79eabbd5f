package io.stratmon.shipper;

import io.stratmon.shipper.checkpoint.JsonFileCheckpointStore;
import io.stratmon.shipper.mapping.RowCheck;
import io.stratmon.shipper.mapping.SchemaGuard;
import io.stratmon.shipper.sink.HttpIlpSink;
import io.stratmon.shipper.sink.TcpIlpSink;
import io.stratmon.shipper.sink.RowSink;
import io.stratmon.shipper.sink.SinkConfig;
import io.stratmon.shipper.sink.TableBudget;
import io.stratmon.shipper.sink.TableSetup;
import io.stratmon.shipper.sink.VisibilityGate;
import io.stratmon.shipper.sink.WalHealth;
import io.stratmon.sql.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

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
    private final ShipperMetrics metrics;
    private final Thread thread;
    private final FileChannel lockChannel;
    private volatile Throwable failure;

    private Shipper(Pipeline pipeline, ShipperMetrics metrics, FileChannel lockChannel) {
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.lockChannel = lockChannel;
        this.thread = new Thread(this::loop, "stratmon-shipper");
    }

    /** Validates the config (throwing with every problem listed), locks the state dir and starts shipping. */
    public static Shipper start(ShipperConfig config) {
        return start(config, TableBudget.Limits.defaults());
    }

    /**
     * As {@link #start(ShipperConfig)}, with caps on new tables and columns (sinkguard: the lead moves these limits
     * into ShipperConfig when the config rewrite lands; TOML keys in docs/shipper.md).
     */
    public static Shipper start(ShipperConfig config, TableBudget.Limits limits) {
        List<String> problems = new java.util.ArrayList<>(config.problems());
        problems.addAll(limits.problems());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid shipper config: " + String.join("; ", problems));
        }
        if (config.sink().isTcp() && config.dedup()) {
            // Dedup tables are created over HTTP, and TCP has no acknowledgements to make replays matter anyway.
            config = config.withDedup(false);
        }
        FileChannel lock = lockStateDir(config);
        try {
            ShipperMetrics metrics = new ShipperMetrics();
            Pipeline pipeline = new Pipeline(config, sink(config), new JsonFileCheckpointStore(config.stateDir()),
                    new DeadLetters(config.stateDir()), metrics, guards(config.sink(), limits), visibilityGate(config.sink()));
            Shipper shipper = new Shipper(pipeline, metrics, lock);
            shipper.thread.start();
            log.info("Shipper started [inputs={}, questdb={}, stateDir={}]", config.inputs().stream().map(InputConfig::files).toList(),
                    config.sink().url(), config.stateDir().toAbsolutePath());
            return shipper;
        } catch (RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
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
            tables = new TableSetup(SqlClient.connect(sink.url(), sink.username(), sink.password()));
        } else {
            log.info("Deduplication is off: a replay after a crash may duplicate rows");
        }
        // sinkguard hook: a timed-out request is retried only once QuestDB has finished with it.
        return new HttpIlpSink(sink, tables, WalHealth.questDb(SqlClient.connect(sink.url(), sink.username(), sink.password())));
    }

    /**
     * Refuses, before sending, values QuestDB would refuse for the column's existing type, so they never cost the rest
     * of their batch. Over TCP there is no HTTP endpoint to ask: it judges by what this run has sent.
     */
    private static RowCheck schemaGuard(SinkConfig sink) {
        if (sink.isTcp()) return new SchemaGuard(SchemaGuard.NONE);
        return new SchemaGuard(SchemaGuard.questDbLookup(SqlClient.connect(sink.url(), sink.username(), sink.password())));
    }

    /**
     * sinkguard hook: the table budget first (so a row it refuses teaches the schema guard no column type), then the
     * schema guard. Over TCP nothing can be asked: the budget counts what this run has sent.
     */
    private static RowCheck guards(SinkConfig sink, TableBudget.Limits limits) {
        TableBudget.Schema schema = sink.isTcp() ? TableBudget.Schema.NONE
                : TableBudget.questDbSchema(SqlClient.connect(sink.url(), sink.username(), sink.password()));
        RowCheck budget = new TableBudget(limits, schema, InstantSource.system());
        RowCheck guard = schemaGuard(sink);
        return row -> {
            String problem = budget.problem(row);
            return problem != null ? problem : guard.problem(row);
        };
    }

    /** sinkguard hook: checkpoints move once QuestDB applied the rows, not on the ack alone (HTTP only). */
    private static VisibilityGate visibilityGate(SinkConfig sink) {
        if (sink.isTcp()) return null;
        return new VisibilityGate(WalHealth.questDb(SqlClient.connect(sink.url(), sink.username(), sink.password())),
                VisibilityGate.DEFAULT_MAX_PENDING);
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
            throw new UncheckedIOException("cannot lock state dir [stateDir=" + config.stateDir().toAbsolutePath() + "]", e);
        }
    }

    private void loop() {
        try {
            pipeline.run();
        } catch (Pipeline.StoppedDuringOutage e) {
            log.warn(e.getMessage());
        } catch (Throwable t) {
            failure = t;
            log.error("Shipper stopped on an unexpected error", t);
        }
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
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("Shipper did not stop within 10 s; unacknowledged lines will be shipped again on the next start");
        }
        try {
            pipeline.close();
        } catch (IOException e) {
            log.warn("Error while closing files", e);
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
