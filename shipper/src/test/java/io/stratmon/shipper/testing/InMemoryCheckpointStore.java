package io.stratmon.shipper.testing;

import io.stratmon.shipper.checkpoint.Checkpoint;
import io.stratmon.shipper.checkpoint.CheckpointFileException;
import io.stratmon.shipper.checkpoint.CheckpointStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A {@link CheckpointStore} in memory for fast unit tests of the stages around it: the instance is the "disk", so a
 * pipeline built again on it sees what the last one committed (a restart). It can be made to fail like the file store
 * does: writes refused ({@link #unwritable}), a crash in the middle of a commit ({@link #crashOnNextCommit}), a stored
 * state of another version or empty. Passes {@code CheckpointStoreContract}. Thread-safe.
 */
public final class InMemoryCheckpointStore implements CheckpointStore {
    /** Names this store in errors, as the file store names its file. */
    public static final Path WHERE = Path.of("<memory>");

    private List<Checkpoint> stored;
    private int storedVersion = 1;
    private boolean storedEmpty;
    private boolean unwritable;
    private boolean crashOnNextCommit;
    private int commits;
    private int failedCommits;

    @Override
    public synchronized List<Checkpoint> load() {
        if (storedEmpty) throw new CheckpointFileException(WHERE, "-", "the file is empty");
        if (storedVersion != 1) {
            throw new CheckpointFileException(WHERE, "version", "unsupported version [value=" + storedVersion
                    + ", supported=1]");
        }
        return stored == null ? new ArrayList<>() : new ArrayList<>(stored);
    }

    @Override
    public synchronized void commit(Collection<Checkpoint> checkpoints) {
        List<Checkpoint> staged = List.copyOf(checkpoints);
        if (unwritable) {
            failedCommits++;
            throw new UncheckedIOException("cannot write checkpoints [path=" + WHERE + "]", new IOException("unwritable"));
        }
        if (crashOnNextCommit) {
            crashOnNextCommit = false;
            failedCommits++;
            throw new Crash(); // staged but never made visible, like a temp file never renamed
        }
        stored = staged;
        storedVersion = 1;
        storedEmpty = false;
        commits++;
    }

    /** The last committed set (empty if none), without the checks of {@link #load}. */
    public synchronized List<Checkpoint> committed() {
        return stored == null ? List.of() : stored;
    }

    /** Successful commits so far. */
    public synchronized int commits() {
        return commits;
    }

    /** Commits refused so far (unwritable or crashed). */
    public synchronized int failedCommits() {
        return failedCommits;
    }

    /** While true, every commit throws {@link UncheckedIOException} and leaves the stored set as it was. */
    public synchronized InMemoryCheckpointStore unwritable(boolean value) {
        this.unwritable = value;
        return this;
    }

    /** The next commit dies after staging its set and before it becomes visible. */
    public synchronized InMemoryCheckpointStore crashOnNextCommit() {
        this.crashOnNextCommit = true;
        return this;
    }

    /** The stored state now says it was written in format {@code version}. */
    public synchronized InMemoryCheckpointStore storedVersion(int version) {
        this.storedVersion = version;
        return this;
    }

    /** The stored state is now empty (a zero-byte file). */
    public synchronized InMemoryCheckpointStore storedEmpty() {
        this.storedEmpty = true;
        return this;
    }

    /** What a crash inside {@link #commit} looks like to the caller. */
    public static final class Crash extends RuntimeException {
        Crash() {
            super("simulated crash between staging checkpoints and making them visible");
        }
    }
}
