package io.stratmon.shipper;

import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.mapping.RowCheck;
import io.stratmon.shipper.sink.SchemaGuard;
import io.stratmon.shipper.time.Clock;
import io.stratmon.shipper.sink.HttpIlpSink;
import io.stratmon.shipper.sink.IlpBatch;
import io.stratmon.shipper.sink.RowSink;
import io.stratmon.shipper.sink.SinkException;
import io.stratmon.shipper.sink.TableSetup;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.Line;
import io.stratmon.sql.SqlClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stratmon dead-letters replay}: after the mapping was fixed, converts every dead letter again with the current
 * config and ships the rows with their original {@code _src}/{@code _offset}; then rewrites {@code dead-letter.jsonl}
 * atomically with only those that still fail (with the new reason). Exactly once however often it is interrupted:
 * until the rename, the file is unchanged and a new run sends the same rows with the same keys, which QuestDB's dedup
 * keeps once; after it, they are gone from the file. Holds the state dir's lock, so no shipper appends meanwhile.
 * <pre>{@code
 * try (DeadLetterReplay replay = DeadLetterReplay.lock(config.stateDir())) {
 *     DeadLetterReplay.Result r = replay.run(config);   // r.replayed(), r.stillFailing(), r.kept()
 * }
 * }</pre>
 */
public final class DeadLetterReplay implements AutoCloseable {
    /**
     * @param kept lines left as they were: no line kept (too long), written before {@code src} existed, or not a
     *             dead letter at all (a hand edit)
     */
    public record Result(int replayed, int stillFailing, int kept, Path file) {}

    /** The converter's verdict on one dead letter: a row, or why not. */
    private record Outcome(Row row, String reason) {}

    private final Path stateDir;
    private final FileChannel lockChannel;

    private DeadLetterReplay(Path stateDir, FileChannel lockChannel) {
        this.stateDir = stateDir;
        this.lockChannel = lockChannel;
    }

    /** Takes the state dir's lock; refuses (one line) while a shipper runs on it. */
    public static DeadLetterReplay lock(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            FileChannel channel = FileChannel.open(stateDir.resolve("shipper.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by a shipper in this very process
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("a shipper is running on the state dir " + stateDir.toAbsolutePath()
                        + " [key=shipper.state_dir]: stop it (ship/up/demo) first, replay rewrites its dead-letter file");
            }
            return new DeadLetterReplay(stateDir, channel);
        } catch (IOException e) {
            throw new IllegalStateException("cannot use the state dir " + stateDir.toAbsolutePath()
                    + " [key=shipper.state_dir]: " + e + "; make it a writable directory");
        }
    }

    /** Replays every dead letter of the state dir through {@code config}'s inputs to its QuestDB (an http:// url). */
    public Result run(ShipperConfig config) throws IOException {
        if (config.sink().isTcp()) {
            throw new IllegalArgumentException("dead-letters replay needs an http:// questdb.url: ILP over TCP has no"
                    + " acknowledgements to know what was stored [url=" + config.sink().url() + "]");
        }
        SqlClient sql = SqlClient.connect(config.sink().url(), config.sink().username(), config.sink().password());
        try (RowSink sink = new HttpIlpSink(config.sink(), config.dedup() ? new TableSetup(sql) : null)) {
            return run(config, sink, new SchemaGuard(SchemaGuard.questDbLookup(sql), Clock.SYSTEM));
        }
    }

    Result run(ShipperConfig config, RowSink sink, RowCheck check) throws IOException {
        Path file = stateDir.resolve(DeadLetterFile.NAME);
        List<Object> out = new ArrayList<>(); // entries (still failing or kept) and unreadable lines, in file order
        List<DeadLetterFile.Entry> toShip = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        int[] failing = {0}, kept = {0};
        String now = Instant.now().toString();
        Map<Integer, LineConverter> converters = new HashMap<>();
        DeadLetterFile.read(file, e -> {
            if (e.line() == null || e.src() == null) {
                kept[0]++;
                out.add(e);
                return;
            }
            int input = inputOf(config, e.source());
            Outcome c = input < 0 ? new Outcome(null, "no [[inputs]] files glob of the config matches this file")
                    : convert(converters.computeIfAbsent(input, i -> LineConverter.of(config.inputs().get(i), check)), e);
            if (c.row() == null) {
                failing[0]++;
                out.add(e.withReason(c.reason(), now));
            } else {
                toShip.add(e);
                rows.add(c.row());
            }
        }, unreadable -> {
            kept[0]++;
            out.add(unreadable);
        });
        List<DeadLetterFile.Entry> refused = ship(config, SrcKeys.read(stateDir, config.inputs()), sink, toShip, rows, now);
        out.addAll(refused);
        rewrite(file, out);
        return new Result(toShip.size() - refused.size(), failing[0] + refused.size(), kept[0], file);
    }

    /** The shipper's own conversion (parse → map → check) of one dead letter's line. */
    private static Outcome convert(LineConverter converter, DeadLetterFile.Entry e) {
        Line line = new Line(FileSource.UNKNOWN, e.offset(), e.offset() + e.line().length + 1, e.line(), 0, e.line().length);
        Converted converted = converter.convert(line);
        if (converted instanceof Converted.Ok ok) return new Outcome(ok.row(), null);
        if (converted instanceof Converted.Rejected r) return new Outcome(null, r.reason());
        return new Outcome(null, "blank line");
    }

    /**
     * Sends the rows in batches with their original keys ({@link SrcKeys}: the {@code _src} the shipper would have
     * given the line). A refused batch is sent again row by row; the rows QuestDB
     * refuses alone are returned, with its reason. QuestDB unreachable: throws, the file is left as it was.
     */
    private static List<DeadLetterFile.Entry> ship(ShipperConfig config, SrcKeys keys, RowSink sink, List<DeadLetterFile.Entry> entries,
                                                   List<Row> rows, String now) {
        List<DeadLetterFile.Entry> refused = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += config.maxBatchRows()) {
            int to = Math.min(rows.size(), from + config.maxBatchRows());
            IlpBatch batch = new IlpBatch(config.sink().protocolVersion());
            for (int i = from; i < to; i++) {
                DeadLetterFile.Entry e = entries.get(i);
                batch.add(rows.get(i), config.dedup() ? keys.src(inputOf(config, e.source()), e.src()) : null, e.offset());
            }
            try {
                send(sink, batch, 0, batch.rows());
            } catch (SinkException e) {
                for (int i = 0; i < batch.rows(); i++) {
                    try {
                        send(sink, batch, i, i + 1);
                    } catch (SinkException alone) {
                        refused.add(entries.get(from + i).withReason("rejected by QuestDB: " + alone.getMessage(), now));
                    }
                }
            }
        }
        return refused;
    }

    private static void send(RowSink sink, IlpBatch batch, int from, int to) {
        try {
            sink.send(batch, from, to);
        } catch (SinkException e) {
            if (e.kind() == SinkException.Kind.REJECTED) throw e;
            throw new IllegalStateException("QuestDB unavailable, nothing was changed in the dead-letter file; run the"
                    + " replay again when it is back (" + e.getMessage() + ")");
        }
    }

    /** Temp file, fsync, rename, fsync of the dir: interrupted anywhere, the old file or the new one is whole. */
    private static void rewrite(Path file, List<Object> out) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Object o : out) {
            if (o instanceof DeadLetterFile.Entry e) bytes.writeBytes(DeadLetterFile.encode(e));
            else bytes.writeBytes((o + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path temp = file.resolveSibling(DeadLetterFile.NAME + ".tmp");
        Files.write(temp, bytes.toByteArray());
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.deleteIfExists(file.resolveSibling(DeadLetterFile.MARK)); // its positions are of the old file
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // not every file system opens directories; the rename is atomic anyway
        }
    }

    /** The input whose globs match the dead letter's source file (as written, or absolute), or -1. */
    static int inputOf(ShipperConfig config, String source) {
        Path path = Path.of(source);
        for (int i = 0; i < config.inputs().size(); i++) {
            for (String glob : config.inputs().get(i).files()) {
                try {
                    if (FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(path)
                            || FileSystems.getDefault().getPathMatcher("glob:" + Path.of(glob).toAbsolutePath())
                            .matches(path.toAbsolutePath())) {
                        return i;
                    }
                } catch (RuntimeException ignored) {
                    // a glob the matcher does not take cannot match
                }
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        lockChannel.close();
    }
}
