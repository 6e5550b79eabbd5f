package io.stratmon.shipper;

import io.stratmon.shipper.checkpoint.Checkpoint;
import io.stratmon.shipper.checkpoint.CheckpointStore;
import io.stratmon.shipper.mapping.Mapped;
import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.mapping.RowMapper;
import io.stratmon.shipper.mapping.RowCheck;
import io.stratmon.shipper.parse.LineParser;
import io.stratmon.shipper.parse.Parsed;
import io.stratmon.shipper.sink.RowSink;
import io.stratmon.shipper.sink.SinkException;
import io.stratmon.shipper.tail.FileId;
import io.stratmon.shipper.tail.FileScanner;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.Line;
import io.stratmon.shipper.tail.Tailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shipper's one loop: find files, read lines, parse, map, send, and only then move checkpoints.
 * <pre>
 *   scan → Tailer.read → LineParser → RowMapper → batch → RowSink.send (acknowledged) → CheckpointStore.commit
 *                                  ↘ rejected ↘                       ↘ refused by QuestDB → DeadLetters
 * </pre>
 * A line that cannot become a row, or that QuestDB refuses, goes to the dead-letter file and never blocks the others.
 * When QuestDB is unreachable the batch is retried forever with capped backoff and nothing more is read: the log
 * files are the buffer. Single-threaded (the ILP sender is not thread-safe); {@link #stop()} may be called from any thread.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private static final long MIN_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final ShipperConfig config;
    private final RowSink sink;
    private final CheckpointStore checkpointStore;
    private final DeadLetters deadLetters;
    private final ShipperMetrics metrics;
    private final RowCheck rowCheck;
    private final List<Input> inputs = new ArrayList<>();
    private final Map<FileId, TailedFile> files = new LinkedHashMap<>();
    private final Map<FileId, Checkpoint> checkpoints;
    private long nextScanNanos;
    private volatile boolean stopping;

    private record Input(FileScanner scanner, LineParser parser, RowMapper mapper) {}

    /** A row waiting for its acknowledgement, with where it came from (for the dead-letter file). */
    private record Pending(Row row, FileSource source, long offset, byte[] raw) {}

    private static final class TailedFile {
        final Tailer tailer;
        final Input input;
        Path path;
        long orphanedSinceNanos = -1;
        long lastReadNanos = System.nanoTime();

        TailedFile(Tailer tailer, Input input, Path path) {
            this.tailer = tailer;
            this.input = input;
            this.path = path;
        }
    }

    public Pipeline(ShipperConfig config, RowSink sink, CheckpointStore checkpointStore, DeadLetters deadLetters,
                    ShipperMetrics metrics) {
        this(config, sink, checkpointStore, deadLetters, metrics, RowCheck.NONE);
    }

    public Pipeline(ShipperConfig config, RowSink sink, CheckpointStore checkpointStore, DeadLetters deadLetters,
                    ShipperMetrics metrics, RowCheck rowCheck) {
        this.config = config;
        this.rowCheck = rowCheck;
        this.sink = sink;
        this.checkpointStore = checkpointStore;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        for (InputConfig input : config.inputs()) {
            inputs.add(new Input(new FileScanner(input.files()), input.newParser(), input.newMapper()));
        }
        this.checkpoints = new LinkedHashMap<>(checkpointStore.load());
    }

    /** Runs until {@link #stop()}: the batch in flight is finished and its checkpoints committed before it returns. */
    public void run() throws IOException {
        while (!stopping) {
            int lines = runOnce();
            if (lines == 0 && !stopping) {
                sleep(config.tail().pollInterval().toMillis());
            }
        }
    }

    /** Asks {@link #run()} to return after the current batch. */
    public void stop() {
        stopping = true;
    }

    /** One round: scan when due, read one batch, ship it, commit. Returns the number of lines read. */
    public int runOnce() throws IOException {
        long now = System.nanoTime();
        if (now - nextScanNanos >= 0) {
            scan(now);
            nextScanNanos = now + config.tail().scanInterval().toNanos();
        }
        List<Pending> batch = new ArrayList<>();
        long bytes = 0;
        int lines = 0;
        for (TailedFile f : files.values()) {
            if (batch.size() >= config.maxBatchRows() || bytes >= config.maxBatchBytes()) break;
            if (f.tailer.truncated()) {
                log.warn("File was truncated, reading it again from the start [path={}, fileId={}, offset={}]",
                        f.path, f.tailer.source().id(), f.tailer.position());
                f.tailer.rewind();
            }
            int[] count = {0};
            long consumed = f.tailer.read(new Tailer.LineConsumer() {
                @Override
                public void accept(Line line) {
                    count[0]++;
                    handle(f.input, line, batch);
                }

                @Override
                public void tooLong(FileSource source, long offset, long length) {
                    count[0]++;
                    deadLetter(source, offset, null, "line longer than max_line_bytes [length=" + length
                            + ", max_line_bytes=" + config.tail().maxLineBytes() + "]");
                }
            }, config.maxBatchBytes() - bytes, config.maxBatchRows() - batch.size());
            if (consumed > 0) f.lastReadNanos = now;
            bytes += consumed;
            lines += count[0];
        }
        metrics.linesRead(lines, bytes);
        if (!batch.isEmpty()) {
            deliver(batch);
        }
        if (bytes > 0) {
            commit();
        }
        return lines;
    }

    private void handle(Input input, Line line, List<Pending> batch) {
        Parsed parsed = input.parser().parse(line);
        if (parsed instanceof Parsed.Ok ok) {
            Mapped mapped = input.mapper().map(ok.record());
            if (mapped instanceof Mapped.Ok mappedOk) {
                String problem = rowCheck.problem(mappedOk.row());
                if (problem == null) {
                    batch.add(new Pending(mappedOk.row(), line.source(), line.offset(), line.copyBytes()));
                } else {
                    deadLetter(line.source(), line.offset(), line.copyBytes(), problem);
                }
            } else {
                deadLetter(line.source(), line.offset(), line.copyBytes(), ((Mapped.Rejected) mapped).reason());
            }
        } else if (parsed instanceof Parsed.Rejected rejected) {
            deadLetter(line.source(), line.offset(), line.copyBytes(), rejected.reason());
        }
    }

    /** Sends the batch until every row is acknowledged or dead-lettered. Returns only then (or throws on stop). */
    private void deliver(List<Pending> batch) {
        List<Pending> part = batch;
        long backoff = MIN_BACKOFF_MS;
        while (!part.isEmpty()) {
            long start = System.nanoTime();
            try {
                sink.send(rows(part));
                metrics.batchShipped(part.size(), (System.nanoTime() - start) / 1000);
                return;
            } catch (SinkException e) {
                if (e.kind() == SinkException.Kind.REJECTED) {
                    part = withoutRejected(part, e);
                    backoff = MIN_BACKOFF_MS;
                } else {
                    metrics.retried();
                    if (backoff == MIN_BACKOFF_MS || backoff == MAX_BACKOFF_MS) {
                        log.warn("QuestDB unavailable, retrying [rows={}, backoffMs={}]: {}", part.size(), backoff, e.getMessage());
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
     * their own and the bad one dead-lettered; otherwise the batch is split in halves until the bad row is alone.
     * Returns what is left to send.
     */
    private List<Pending> withoutRejected(List<Pending> part, SinkException e) {
        if (part.size() == 1) {
            Pending bad = part.get(0);
            deadLetter(bad.source(), bad.offset(), bad.raw(), "rejected by QuestDB: " + e.getMessage());
            return List.of();
        }
        int index = e.rowIndex();
        if (index >= 0 && index < part.size()) {
            if (index > 0) deliver(part.subList(0, index));
            Pending bad = part.get(index);
            deadLetter(bad.source(), bad.offset(), bad.raw(), "rejected by QuestDB: " + e.getMessage());
            return part.subList(index + 1, part.size());
        }
        int half = part.size() / 2;
        deliver(part.subList(0, half));
        return part.subList(half, part.size());
    }

    private static List<Row> rows(List<Pending> part) {
        List<Row> rows = new ArrayList<>(part.size());
        for (Pending p : part) rows.add(p.row());
        return rows;
    }

    private void deadLetter(FileSource source, long offset, byte[] raw, String reason) {
        deadLetters.add(source, offset, raw, reason);
        metrics.lineDeadLettered();
    }

    /** Every line before each file's position is now acknowledged or dead-lettered: make that durable. */
    private void commit() {
        deadLetters.flush();
        for (TailedFile f : files.values()) {
            FileSource s = f.tailer.source();
            checkpoints.put(s.id(), new Checkpoint(s.id(), f.path.toString(), f.tailer.position()));
        }
        checkpointStore.commit(checkpoints.values());
    }

    private void scan(long now) throws IOException {
        Set<FileId> seen = new HashSet<>();
        for (Input input : inputs) {
            for (Path path : input.scanner().scan()) {
                FileId id;
                try {
                    id = FileId.of(path);
                } catch (NoSuchFileException e) {
                    continue; // rotated away between the scan and now: the next scan finds it under its new name
                }
                if (!seen.add(id)) continue;
                TailedFile known = files.get(id);
                if (known != null) {
                    known.path = path;
                    known.orphanedSinceNanos = -1;
                } else {
                    open(input, path, id);
                }
            }
        }
        List<FileId> done = new ArrayList<>();
        for (Map.Entry<FileId, TailedFile> e : files.entrySet()) {
            TailedFile f = e.getValue();
            if (seen.contains(e.getKey())) continue;
            if (f.orphanedSinceNanos < 0) f.orphanedSinceNanos = now;
            long quietSince = Math.max(f.orphanedSinceNanos, f.lastReadNanos);
            if (f.tailer.pendingBytes() == 0 && now - quietSince >= config.tail().rotateWait().toNanos()) {
                done.add(e.getKey());
            }
        }
        for (FileId id : done) {
            TailedFile f = files.remove(id);
            log.info("Closed drained file [path={}, fileId={}, offset={}]", f.path, id, f.tailer.position());
            f.tailer.close();
        }
    }

    private void open(Input input, Path path, FileId id) throws IOException {
        Checkpoint checkpoint = checkpoints.get(id);
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            return;
        }
        long offset;
        if (checkpoint != null) {
            offset = checkpoint.offset();
            if (offset > size) {
                log.warn("File is shorter than its checkpoint, reading it from the start [path={}, fileId={}, checkpoint={}, size={}]",
                        path, id, offset, size);
                offset = 0;
            }
        } else {
            offset = config.tail().readFrom() == TailConfig.ReadFrom.END ? size : 0;
        }
        Tailer tailer;
        try {
            tailer = Tailer.open(path, id, offset, config.tail().maxLineBytes());
        } catch (NoSuchFileException e) {
            return;
        }
        files.put(id, new TailedFile(tailer, input, path));
        log.info("Opened file [path={}, fileId={}, offset={}, size={}]", path, id, offset, size);
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
        for (TailedFile f : files.values()) {
            f.tailer.close();
        }
        files.clear();
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
