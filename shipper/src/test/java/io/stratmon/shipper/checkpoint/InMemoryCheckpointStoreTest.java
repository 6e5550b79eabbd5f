package io.stratmon.shipper.checkpoint;

import io.stratmon.shipper.testing.InMemoryCheckpointStore;

/** The in-memory fake keeps the same promises as the file store. */
class InMemoryCheckpointStoreTest extends CheckpointStoreContract {
    private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();

    @Override
    protected CheckpointStore open() {
        return store;
    }

    @Override
    protected void crashOnNextCommit() {
        store.crashOnNextCommit();
    }

    @Override
    protected void unwritable(boolean value) {
        store.unwritable(value);
    }

    @Override
    protected void storedVersionIs(int version) {
        store.storedVersion(version);
    }

    @Override
    protected void storedStateIsEmpty() {
        store.storedEmpty();
    }
}
