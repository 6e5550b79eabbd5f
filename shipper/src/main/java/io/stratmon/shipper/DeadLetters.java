package io.stratmon.shipper;

import io.stratmon.shipper.checkpoint.Checkpoint;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.Fingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lines that cannot become rows, kept with their reason in {@code dead-letter.jsonl} ({@link DeadLetterFile}).
 * Nothing is ever dropped without a trace here, and nothing is written twice: a line replayed after a crash (read
 * again from its checkpoint) has the key of the entry already written for it, and is skipped. The keys loaded at
 * start are only those a replay can reach: entries at or after their source's checkpoint, or of a source with none.
 * <p>
 * {@link #add} only buffers; {@link #flush} appends and fsyncs. When the state dir refuses the write, the entries
 * stay buffered (logged once) and are written at a later flush; {@link #flushed()} tells the checkpoint store to wait
 * meanwhile. Over {@value #MAX_PENDING_BYTES} buffered bytes, {@code add} waits for the disk (backpressure).
 * Thread-safe.
 */
public final class DeadLetters implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    static final int MAX_PENDING_BYTES = 16 << 20;

    private final Path file;
    private final Path markFile;
    private final LongHashSet keys = new LongHashSet();
    /** Entries written since {@link #mark}, oldest first: what a replay may still reach. */
    private final ArrayDeque<Written> written = new ArrayDeque<>();
    /** Entries buffered in {@code pending}, with their position in it. */
    private final List<Written> buffered = new ArrayList<>();
    /** Every entry before this byte of the file is before its file's checkpoint: a start reads only what follows. */
    private long mark;
    private long markWrittenNanos;
    private long end;
    private String identity;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private FileChannel out;
    private Object outKey;
    private boolean failing;
    private boolean lastWriteOk = true;
    private long skipped;

    /** Dead letters in {@code stateDir}, every existing key kept. */
    public DeadLetters(Path stateDir) {
        this(stateDir, null);
    }

    /** Dead letters in {@code stateDir}, keeping the keys a replay from {@code checkpoints} can reach. */
    public DeadLetters(Path stateDir, Collection<Checkpoint> checkpoints) {
        this.file = stateDir.resolve(DeadLetterFile.NAME);
        this.markFile = stateDir.resolve(DeadLetterFile.MARK);
        loadKeys(checkpoints);
    }

    public Path file() {
        return file;
    }

    /**
     * Records one rejected line, unless the same line at the same place is already recorded. {@code line} may be
     * null for a line too long to keep. Returns false when it was already there.
     */
    public synchronized boolean add(FileSource source, long offset, byte[] line, String reason) {
        String src = source.fingerprint() == Fingerprint.NOT_YET ? null : source.src();
        if (!keys.add(DeadLetterFile.key(src, offset, line))) {
            skipped++;
            return false;
        }
        byte[] entry = DeadLetterFile.encode(new DeadLetterFile.Entry(Instant.now().toString(), source.path().toString(),
                src, source.id().toString(), offset, reason, line, 0));
        buffered.add(new Written(pending.size(), src, offset));
        pending.write(entry, 0, entry.length);
        long backoff = 50;
        while (pending.size() > MAX_PENDING_BYTES && !(lastWriteOk = writePending())) {
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            backoff = Math.min(backoff * 2, 5_000);
        }
        return true;
    }

    /**
     * Makes the entries added so far durable (append + fsync); called before the checkpoint that skips their lines.
     * Never throws: when the disk refuses, they stay buffered and {@link #flushed()} says false.
     */
    public synchronized void flush() {
        lastWriteOk = writePending();
    }

    /**
     * True when the last {@link #flush} wrote every entry added before it: the checkpoint committed after that flush
     * may skip their lines. (Entries added since, for later batches, do not hold it back.)
     */
    public synchronized boolean flushed() {
        return lastWriteOk;
    }

    /** Entries not written because the same line at the same place was already recorded. */
    public synchronized long duplicatesSkipped() {
        return skipped;
    }

    /** Keys held in memory (those loaded at start plus those added since). */
    synchronized int keys() {
        return keys.size();
    }

    private boolean writePending() {
        if (pending.size() == 0) return true;
        try {
            FileChannel ch = channel();
            long size = ch.size();
            try {
                ByteBuffer buffer = ByteBuffer.wrap(pending.toByteArray());
                while (buffer.hasRemaining()) ch.write(buffer, size + buffer.position()); // one writer: the lock
                ch.force(false);
            } catch (IOException e) {
                ch.truncate(size); // no half entry in front of the retry (repairTail catches it if this fails too)
                throw e;
            }
            for (Written w : buffered) written.add(new Written(size + w.position(), w.src(), w.offset()));
            buffered.clear();
            end = size + pending.size();
            pending.reset();
            if (failing) log.info("Dead letters written again [path={}]", file);
            failing = false;
            return true;
        } catch (IOException | RuntimeException e) {
            closeChannel();
            if (!failing) {
                log.warn("Cannot write dead letters; they are kept in memory and written again at the next batch, and"
                        + " checkpoints wait for them [path={}]: {}", file, e.toString());
            }
            failing = true;
            return false;
        }
    }

    /** The open file, reopened when it is no longer the file at the path (deleted, or its dir replaced). */
    private FileChannel channel() throws IOException {
        Object key = Files.exists(file) ? Files.readAttributes(file, BasicFileAttributes.class).fileKey() : null;
        if (out != null && key != null && key.equals(outKey)) return out;
        closeChannel();
        Files.createDirectories(file.getParent());
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        outKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        repairTail(out);
        if (!String.valueOf(outKey).equals(identity)) { // a new file: positions so far were in the old one
            identity = String.valueOf(outKey);
            written.clear();
            mark = 0;
        }
        end = out.size();
        return out;
    }

    /**
     * A crash in the middle of an append leaves a partial last line. Its checkpoint was never committed (that waits
     * for the fsync), so the line comes again: drop the partial entry rather than glue the next one to it.
     */
    private void repairTail(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) return;
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        long end = size;
        scan:
        while (end > 0) {
            long from = Math.max(0, end - chunk.capacity());
            chunk.clear().limit((int) (end - from));
            while (chunk.hasRemaining() && ch.read(chunk, from + chunk.position()) > 0) {
                // fill the chunk
            }
            for (int i = (int) (end - from) - 1; i >= 0; i--, end--) {
                if (chunk.get(i) == '\n') break scan;
            }
        }
        if (end < size) {
            log.warn("Dropped a partial dead letter left by a crash; its line is dead-lettered again [path={}, bytes={}]",
                    file, size - end);
            ch.truncate(end);
        }
    }

    /**
     * Called when {@code checkpoints} were durably written: moves the mark past the entries they put out of a replay's
     * reach, and saves it (at most once a second; a mark that lags is only slower, never wrong).
     */
    public synchronized void checkpointsWritten(Collection<Checkpoint> checkpoints) {
        Map<String, Long> from = offsetsBySrc(checkpoints);
        while (!written.isEmpty() && !reachable(written.peekFirst().src(), written.peekFirst().offset(), from)) {
            written.pollFirst();
        }
        long next = written.isEmpty() ? end : written.peekFirst().position();
        long now = System.nanoTime();
        if (next > mark && identity != null && (markWrittenNanos == 0 || now - markWrittenNanos >= 1_000_000_000L)) {
            writeMark(next);
            markWrittenNanos = now;
        }
    }

    /** A line a replay from {@code from} reads again: one of a file with no checkpoint, or at/after its checkpoint. */
    private static boolean reachable(String src, long offset, Map<String, Long> from) {
        if (src == null) return false; // no key to know it by
        Long checkpoint = from.get(src);
        return checkpoint == null || offset >= checkpoint;
    }

    private static Map<String, Long> offsetsBySrc(Collection<Checkpoint> checkpoints) {
        Map<String, Long> from = new HashMap<>();
        if (checkpoints != null) {
            for (Checkpoint c : checkpoints) from.merge(Fingerprint.hex(c.fingerprint()), c.offset(), Math::min);
        }
        return from;
    }

    private void writeMark(long value) {
        if (DeadLetterMark.write(markFile, identity, value)) mark = value;
    }

    /** Where the last start-up scan may begin (see {@link DeadLetterMark#saved}); notes the file's identity. */
    private long savedMark() {
        identity = DeadLetterMark.identity(file);
        return identity == null ? 0 : DeadLetterMark.saved(file, markFile, identity);
    }

    private void loadKeys(Collection<Checkpoint> checkpoints) {
        Map<String, Long> from = offsetsBySrc(checkpoints);
        long start = savedMark();
        long[] unreadable = {0};
        long[] firstReachable = {-1};
        try {
            DeadLetterFile.read(file, start, (position, e) -> {
                boolean reachable = checkpoints == null || reachable(e.src(), e.offset(), from);
                if (reachable) keys.add(e.key());
                if (reachable && firstReachable[0] < 0) firstReachable[0] = position;
                if (firstReachable[0] >= 0) written.add(new Written(position, e.src(), e.offset()));
            }, line -> unreadable[0]++);
            end = Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot read the dead-letter file " + file + " (" + e.getMessage()
                    + "); make it readable, or move it away to start a new one");
        }
        if (unreadable[0] > 0) {
            log.warn("Some lines of the dead-letter file are not dead letters and are ignored [path={}, lines={}]",
                    file, unreadable[0]);
        }
        mark = start;
        long next = firstReachable[0] >= 0 ? firstReachable[0] : end;
        if (next > start && identity != null) writeMark(next);
    }

    private record Written(long position, String src, long offset) {}

    private void closeChannel() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing was pending in it that is not still in `pending`
        }
        out = null;
    }

    /** Writes what is buffered (one last try) and closes the file. */
    @Override
    public synchronized void close() {
        if (!writePending()) {
            log.warn("Dead letters could not be written before stopping; their lines are dead-lettered again on the next"
                    + " start [path={}, bytes={}]", file, pending.size());
        }
        closeChannel();
    }
}
