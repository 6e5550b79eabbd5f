package io.stratmon.shipper.checkpoint;

import java.util.Collection;
import java.util.List;

/** Durable file positions. {@link #commit} is atomic: after a crash, either the old or the new set is read back. */
public interface CheckpointStore {
    List<Checkpoint> load();

    /** Replaces the stored set with {@code checkpoints}. */
    void commit(Collection<Checkpoint> checkpoints);
}
