package io.stratmon.shipper.sink;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VisibilityGateTest {
    /** wal_tables() in memory: the test moves writerTxn/sequencerTxn and suspends tables; can be "down". */
    static final class FakeWal implements WalHealth {
        final Map<String, TableState> tables = new HashMap<>();
        boolean down;
        int reads;

        void set(String table, boolean suspended, long writerTxn, long sequencerTxn) {
            tables.put(table.toLowerCase(), new TableState(table, suspended, writerTxn, sequencerTxn));
        }

        @Override
        public Map<String, TableState> read() {
            reads++;
            if (down) throw new IllegalStateException("down");
            return new HashMap<>(tables);
        }
    }

    final FakeWal wal = new FakeWal();
    final VisibilityGate gate = new VisibilityGate(wal, 2);
    final List<String> commits = new ArrayList<>();

    @Test
    void a_trickle_of_batches_asks_questdb_at_most_once_per_interval_and_never_commits_a_batch_early() {
        long[] now = {0};
        VisibilityGate slow = new VisibilityGate(wal, 4, () -> now[0], java.time.Duration.ofMillis(100));
        wal.set("fills", false, 1, 1);
        slow.acknowledged(Set.of("fills"), () -> commits.add("b1"));
        assertThat(commits).containsExactly("b1");
        // b2 is acknowledged 20 ms later at sequencer txn 2, not yet applied; QuestDB is not asked again so soon.
        now[0] += 20_000_000;
        wal.set("fills", false, 1, 2);
        slow.acknowledged(Set.of("fills"), () -> commits.add("b2"));
        now[0] += 20_000_000;
        wal.set("fills", false, 1, 3); // b3 at txn 3
        slow.acknowledged(Set.of("fills"), () -> commits.add("b3"));
        assertThat(wal.reads).isEqualTo(1);
        assertThat(commits).containsExactly("b1");
        // 100 ms after the first read: asked again. Txn 2 applied: b2's target is what this read says (3, at least
        // its own 2), so b2 does not move before everything it may contain is applied.
        now[0] += 60_000_000;
        wal.set("fills", false, 2, 3);
        slow.release();
        assertThat(wal.reads).isEqualTo(2);
        assertThat(commits).containsExactly("b1");
        now[0] += 100_000_000;
        wal.set("fills", false, 3, 3);
        slow.release();
        assertThat(commits).containsExactly("b1", "b2", "b3");
        // Nothing waits: nothing is asked, however much time passes.
        now[0] += 1_000_000_000;
        slow.release();
        assertThat(wal.reads).isEqualTo(3);
    }

    @Test
    void release_now_asks_questdb_within_the_interval_and_the_gate_says_when_it_would_ask_again() {
        long[] now = {0};
        VisibilityGate slow = new VisibilityGate(wal, 4, () -> now[0], java.time.Duration.ofSeconds(1));
        assertThat(slow.millisUntilNextRead()).as("nothing waits").isZero();
        wal.set("fills", false, 1, 2);
        slow.acknowledged(Set.of("fills"), () -> commits.add("b1"));
        now[0] += 300_000_000;
        assertThat(slow.millisUntilNextRead()).isEqualTo(700);
        wal.set("fills", false, 2, 2);
        slow.release();
        assertThat(commits).as("within the interval: not asked").isEmpty();
        slow.releaseNow();
        assertThat(commits).containsExactly("b1");
        assertThat(wal.reads).isEqualTo(2);
        assertThat(slow.millisUntilNextRead()).as("nothing waits any more").isZero();
    }

    @Test
    void a_batch_already_applied_is_committed_on_its_acknowledgement() {
        wal.set("fills", false, 5, 5);
        gate.acknowledged(Set.of("fills"), () -> commits.add("b1"));
        assertThat(commits).containsExactly("b1");
        assertThat(gate.pending()).isZero();
    }

    @Test
    void a_batch_is_committed_only_once_every_table_applied_the_transaction_reached_at_its_acknowledgement() {
        wal.set("fills", false, 4, 5);
        wal.set("Orders", false, 9, 9);
        gate.acknowledged(Set.of("fills", "orders"), () -> commits.add("b1"));
        assertThat(commits).isEmpty();
        wal.set("fills", false, 4, 6); // someone else's later transaction does not move the target
        gate.release();
        assertThat(commits).isEmpty();
        wal.set("fills", false, 5, 6);
        gate.release();
        assertThat(commits).containsExactly("b1");
    }

    @Test
    void commits_run_in_batch_order_even_when_a_later_batch_is_applied_first() {
        wal.set("a", false, 0, 1);
        wal.set("b", false, 0, 0);
        gate.acknowledged(Set.of("a"), () -> commits.add("b1"));
        wal.set("b", false, 0, 1);
        wal.set("b", false, 1, 1);
        gate.acknowledged(Set.of("b"), () -> commits.add("b2"));
        assertThat(commits).as("b2 is applied but b1 is not: checkpoints are cumulative").isEmpty();
        assertThat(gate.isFull()).as("apply lag alone never holds sending").isFalse();
        wal.set("a", false, 1, 1);
        gate.release();
        assertThat(commits).containsExactly("b1", "b2");
        assertThat(gate.isFull()).isFalse();
    }

    @Test
    void a_suspended_table_holds_its_batches_and_is_reported_until_resumed() {
        wal.set("fills", true, 3, 7);
        wal.set("other", true, 1, 1);
        gate.acknowledged(Set.of("fills"), () -> commits.add("b1"));
        gate.acknowledged(Set.of("fills"), () -> commits.add("b2"));
        for (int i = 0; i < 5; i++) gate.release();
        assertThat(commits).isEmpty();
        assertThat(gate.isFull()).as("two wait, the oldest on a suspended table: hold sending").isTrue();
        assertThat(gate.suspended()).extracting(WalHealth.TableState::table).containsExactly("fills", "other");
        assertThat(gate.suspended().get(0).resumeSql()).isEqualTo("ALTER TABLE 'fills' RESUME WAL");
        wal.set("fills", false, 7, 7);
        gate.release();
        assertThat(commits).containsExactly("b1", "b2");
        assertThat(gate.suspended()).extracting(WalHealth.TableState::table).containsExactly("other");
    }

    @Test
    void when_wal_tables_cannot_be_read_more_than_max_pending_batches_are_committed_on_their_acknowledgement() {
        wal.down = true;
        for (int i = 1; i <= 5; i++) {
            int n = i;
            gate.acknowledged(Set.of("fills"), () -> commits.add("b" + n));
        }
        assertThat(commits).containsExactly("b1", "b2", "b3");
        assertThat(gate.pending()).isEqualTo(2);
    }

    @Test
    void tables_that_are_not_wal_tables_do_not_hold_a_commit() {
        gate.acknowledged(Set.of("legacy"), () -> commits.add("b1"));
        assertThat(commits).containsExactly("b1");
    }

    @Test
    void while_questdb_cannot_be_asked_nothing_is_committed_and_the_target_is_taken_at_the_next_answer() {
        wal.down = true;
        gate.acknowledged(Set.of("fills"), () -> commits.add("b1"));
        gate.release();
        assertThat(commits).isEmpty();
        wal.down = false;
        wal.set("fills", false, 2, 3);
        gate.release();
        assertThat(commits).isEmpty();
        wal.set("fills", false, 3, 3);
        gate.release();
        assertThat(commits).containsExactly("b1");
    }
}
