package io.stratmon.shipper.checkpoint;

import io.stratmon.shipper.tail.FileId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link CheckpointStore} promises, run once per implementation ({@code extends}), so the in-memory fake
 * and the file store agree. A subclass gives a store over the same durable state each time {@link #open()} is called
 * (a restart), and ways to break that state as a crash or a user would.
 */
public abstract class CheckpointStoreContract {
    static final Checkpoint A = new Checkpoint(new FileId(2049, 1_234_567), 0x8000_0000_0000_0001L, "logs/fills.jsonl", 4096, 1_764_000_000_000L);
    static final Checkpoint B = new Checkpoint(new FileId(2049, 7), 0x00ff_0000_0000_0000L, "logs/ordres ü ✓.jsonl", 0, 1_764_000_000_001L);
    static final Checkpoint C = new Checkpoint(new FileId(-1, Long.MIN_VALUE), 1, "c", Long.MAX_VALUE, 0);

    /** A store on the durable state the previous stores of this test left (a restart). */
    protected abstract CheckpointStore open();

    /** The next commit of a store from {@link #open()} dies after it wrote its set and before it made it visible. */
    protected abstract void crashOnNextCommit();

    /** From now on, commits cannot write (the state dir is gone or full) until {@code false}. */
    protected abstract void unwritable(boolean value);

    /** The stored state now says it was written in format {@code version}. */
    protected abstract void storedVersionIs(int version);

    /** The stored state is now empty, zero bytes. */
    protected abstract void storedStateIsEmpty();

    @Test
    void nothing_committed_yet_loads_as_no_checkpoints() {
        assertThat(open().load()).isEmpty();
    }

    @Test
    void a_commit_is_read_back_whole_after_a_restart() {
        open().commit(List.of(A, B, C));
        assertThat(open().load()).containsExactly(A, B, C);
    }

    @Test
    void a_commit_replaces_the_whole_set_rather_than_merging() {
        CheckpointStore store = open();
        store.commit(List.of(A, B));
        store.commit(List.of(C));
        assertThat(open().load()).containsExactly(C);
        store.commit(List.of());
        assertThat(open().load()).isEmpty();
    }

    @Test
    void a_crash_between_writing_and_making_visible_leaves_the_previous_set_whole() {
        open().commit(List.of(A));
        crashOnNextCommit();
        assertThatThrownBy(() -> open().commit(List.of(B, C))).isInstanceOf(RuntimeException.class);
        assertThat(open().load()).containsExactly(A);
        open().commit(List.of(B));
        assertThat(open().load()).containsExactly(B);
    }

    @Test
    void a_commit_that_cannot_write_throws_and_leaves_the_previous_set_and_the_store_usable() {
        CheckpointStore store = open();
        store.commit(List.of(A));
        unwritable(true);
        assertThatThrownBy(() -> store.commit(List.of(B))).isInstanceOf(java.io.UncheckedIOException.class);
        unwritable(false);
        assertThat(open().load()).containsExactly(A);
        store.commit(List.of(B));
        assertThat(open().load()).containsExactly(B);
    }

    @Test
    void another_version_is_refused_in_one_line_naming_the_version_key_and_what_to_do() {
        open().commit(List.of(A));
        storedVersionIs(2);
        assertThatThrownBy(() -> open().load()).isInstanceOf(CheckpointFileException.class)
                .hasMessageContaining("[key=version]").hasMessageContaining("value=2").hasMessageContaining("move the file away")
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((CheckpointFileException) e).key()).isEqualTo("version"));
    }

    @Test
    void an_empty_stored_state_is_refused_not_taken_for_no_checkpoints() {
        open().commit(List.of(A));
        storedStateIsEmpty();
        assertThatThrownBy(() -> open().load()).isInstanceOf(CheckpointFileException.class)
                .hasMessageContaining("empty").hasMessageContaining("move the file away").hasMessageNotContaining("\n");
    }

    @Test
    void after_a_refused_state_a_new_commit_is_read_back() {
        open().commit(List.of(A));
        storedStateIsEmpty();
        open().commit(List.of(B));
        assertThat(open().load()).containsExactly(B);
    }
}
