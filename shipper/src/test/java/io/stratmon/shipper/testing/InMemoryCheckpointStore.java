package io.stratmon.shipper.testing;

import io.stratmon.shipper.checkpoint.Checkpoint;
import io.stratmon.shipper.checkpoint.CheckpointStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Checkpoints in memory: what the last commit stored, and how many commits there were. Survives a "restart". */
public final class InMemoryCheckpointStore implements CheckpointStore {
    private List<Checkpoint> stored = List.of();
    private int commits;

    @Override
    public synchronized List<Checkpoint> load() {
        return new ArrayList<>(stored);
    }

    @Override
    public synchronized void commit(Collection<Checkpoint> checkpoints) {
        stored = List.copyOf(checkpoints);
        commits++;
    }

    public synchronized int commits() {
        return commits;
    }
}
