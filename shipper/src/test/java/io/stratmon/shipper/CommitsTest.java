package io.stratmon.shipper;

import io.stratmon.shipper.sink.VisibilityGate;
import io.stratmon.shipper.sink.WalHealth;
import io.stratmon.shipper.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class CommitsTest {
    private final ManualClock clock = new ManualClock();
    private final AtomicReference<Map<String, WalHealth.TableState>> wal = new AtomicReference<>(Map.of());
    private final List<String> committed = new ArrayList<>();

    private void state(boolean suspended, long writer, long sequencer) {
        wal.set(Map.of("fills", new WalHealth.TableState("fills", suspended, writer, sequencer)));
    }

    @Test
    void without_a_gate_a_commit_runs_on_the_acknowledgement() {
        Commits commits = Commits.onAcknowledgement(clock);
        commits.acknowledged(Set.of("fills"), () -> committed.add("b1"));
        assertThat(committed).containsExactly("b1");
        assertThat(commits.suspended()).isEmpty();
    }

    @Test
    void a_commit_waits_until_questdb_applied_the_batch_and_of_batches_applied_together_only_the_newest_commits() {
        Commits commits = new Commits(new VisibilityGate(wal::get, 4), clock, () -> false);
        state(false, 5, 7);
        commits.acknowledged(Set.of("FILLS"), () -> committed.add("b1"));
        commits.acknowledged(Set.of("fills"), () -> committed.add("b2"));
        assertThat(committed).as("acknowledged is not yet applied").isEmpty();
        assertThat(commits.waiting()).isEqualTo(2);
        state(false, 7, 7);
        commits.release();
        // b2's commit replaces the whole checkpoint set and flushes b1's dead letters too: one write instead of two.
        assertThat(committed).containsExactly("b2");
        assertThat(commits.waiting()).isZero();
    }

    @Test
    void batches_applied_one_at_a_time_each_commit_in_batch_order() {
        Commits commits = new Commits(new VisibilityGate(wal::get, 4), clock, () -> false);
        state(false, 5, 6);
        commits.acknowledged(Set.of("fills"), () -> committed.add("b1"));
        state(false, 6, 7);
        commits.acknowledged(Set.of("fills"), () -> committed.add("b2"));
        assertThat(committed).containsExactly("b1");
        state(false, 7, 7);
        commits.release();
        assertThat(committed).containsExactly("b1", "b2");
    }

    @Test
    void a_stop_drains_without_waiting_for_the_gates_interval() {
        long[] now = {0};
        Commits commits = new Commits(new VisibilityGate(wal::get, 4, () -> now[0], java.time.Duration.ofSeconds(1)),
                clock, () -> false);
        state(false, 5, 7);
        commits.acknowledged(Set.of("fills"), () -> committed.add("b1"));
        state(false, 7, 7);
        commits.release();
        assertThat(committed).as("asked less than the interval ago: not asked again").isEmpty();
        assertThat(commits.millisUntilNextLook()).isEqualTo(1_000);
        commits.drain(Commits.DRAIN_MS);
        assertThat(committed).containsExactly("b1");
        assertThat(clock.sleeps()).as("asked at once, no wait").isEmpty();
    }

    @Test
    void a_suspended_table_holds_sending_once_the_gate_is_full_until_a_stop_is_asked_for() {
        AtomicBoolean stopping = new AtomicBoolean();
        Commits commits = new Commits(new VisibilityGate(wal::get, 2), clock, stopping::get);
        state(true, 5, 7);
        commits.acknowledged(Set.of("fills"), () -> committed.add("b1"));
        assertThat(commits.suspended()).containsExactly("fills");
        stopping.set(true); // the hold loop below returns at once instead of waiting for RESUME WAL
        commits.acknowledged(Set.of("fills"), () -> committed.add("b2"));
        assertThat(committed).isEmpty();
        commits.drain(Commits.DRAIN_MS);
        assertThat(committed).as("still suspended: nothing committed, replayed on the next start").isEmpty();
        assertThat(clock.sleeps()).as("the drain waited on the injected clock, about 3 s").isNotEmpty();
        state(false, 7, 7);
        commits.drain(Commits.DRAIN_MS);
        assertThat(committed).as("b2's commit supersedes b1's").containsExactly("b2");
    }
}
