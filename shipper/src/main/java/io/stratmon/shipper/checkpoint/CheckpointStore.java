package io.stratmon.shipper.checkpoint;

import java.util.Collection;
import java.util.List;

/**
 * Durable file positions. {@link #commit} is atomic: after a crash, either the old or the new set is read back.
 * Every implementation passes {@code CheckpointStoreContract} (in the shipper's tests).
 */
public interface CheckpointStore {
    /**
     * The last committed set (empty when nothing was ever committed).
     *
     * @throws CheckpointFileException when what is stored cannot be used (empty, truncated, another version, a
     *                                 value the shipper never writes); never a partial list
     */
    List<Checkpoint> load();

    /**
     * Replaces the stored set with {@code checkpoints}.
     *
     * @throws java.io.UncheckedIOException when it could not be made durable; the previous set is then still whole
     */
    void commit(Collection<Checkpoint> checkpoints);
}
