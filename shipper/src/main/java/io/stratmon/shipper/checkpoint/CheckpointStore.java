package io.stratmon.shipper.checkpoint;

import io.stratmon.shipper.tail.FileId;

import java.util.Collection;
import java.util.Map;

/** Durable file positions. {@link #commit} is atomic: after a crash, either the old or the new set is read back. */
public interface CheckpointStore {
    Map<FileId, Checkpoint> load();

    /** Replaces the stored set with {@code checkpoints}. */
    void commit(Collection<Checkpoint> checkpoints);
}
