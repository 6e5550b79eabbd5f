package io.stratmon.shipper;

import io.stratmon.shipper.sink.VisibilityGate;
import io.stratmon.shipper.sink.WalHealth;
import io.stratmon.shipper.time.Clock;

import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The commit stage after an acknowledgement: dead letters, then checkpoints. Over HTTP a {@link VisibilityGate} holds
 * each commit until QuestDB has applied the batch's rows (acknowledged is not yet visible: a suspended WAL keeps them
 * invisible), in batch order; while the gate is full because of a suspended table, sending waits the way it does in
 * an outage. Without a gate (TCP) a commit runs on the acknowledgement. Used by the sending thread only; waiting
 * comes from the injected clock.
 * <p>
 * A commit supersedes the ones before it: it replaces the whole checkpoint set and flushes every dead letter added so
 * far. So of the batches the gate releases together (at a trickle, every batch acknowledged since its last look at
 * QuestDB) only the newest one's commit runs: one checkpoint write (and fsync) per release instead of one per batch.
 */
final class Commits {
    private static final long MIN_HOLD_MS = 100;
    private static final long MAX_HOLD_MS = 1_000;
    /** At stop, how long QuestDB gets to apply what was acknowledged (the rest is shipped again on the next start). */
    static final long DRAIN_MS = 3_000;

    private final VisibilityGate gate;
    private final Clock clock;
    private final BooleanSupplier stopping;
    private final Runnable tick;
    /** The newest commit the gate released that has not run yet (older ones it supersedes are dropped). */
    private Runnable released;

    /** @param gate null: commit on the acknowledgement */
    Commits(VisibilityGate gate, Clock clock, BooleanSupplier stopping) {
        this(gate, clock, stopping, () -> {});
    }

    /** @param tick run at every pause, so a wait for a suspended table still shows the thread alive ({@code /health}) */
    Commits(VisibilityGate gate, Clock clock, BooleanSupplier stopping, Runnable tick) {
        this.gate = gate;
        this.clock = clock;
        this.stopping = stopping;
        this.tick = tick;
    }

    static Commits onAcknowledgement(Clock clock) {
        return new Commits(null, clock, () -> true);
    }

    /** A batch touching {@code tables} was acknowledged: runs {@code commit} now or once QuestDB applied it. */
    void acknowledged(Set<String> tables, Runnable commit) {
        if (gate == null) {
            commit.run();
            return;
        }
        gate.acknowledged(tables, () -> released = commit);
        runReleased();
        long hold = MIN_HOLD_MS;
        while (gate.isFull() && release(false) > 0 && gate.isFull() && !stopping.getAsBoolean()) {
            if (!pause(hold)) return; // e.g. a suspended table: hold, like an outage, until it is resumed
            hold = Math.min(hold * 2, MAX_HOLD_MS);
        }
    }

    /** Runs the commit of the newest batch QuestDB has applied since (the sender calls this while idle). */
    void release() {
        if (gate != null) release(false);
    }

    /** Milliseconds until the gate will look at QuestDB again (0: now or nothing waits; the sender's idle timeout). */
    long millisUntilNextLook() {
        return gate == null ? 0 : gate.millisUntilNextRead();
    }

    private int release(boolean now) {
        int left = now ? gate.releaseNow() : gate.release();
        runReleased();
        return left;
    }

    private void runReleased() {
        Runnable commit = released;
        released = null;
        if (commit != null) commit.run();
    }

    /** Gives QuestDB up to {@code millis} to apply what was acknowledged, so a clean stop leaves little to replay. */
    void drain(long millis) {
        if (gate == null) return;
        long deadline = clock.nanos() + millis * 1_000_000L;
        while (release(true) > 0 && clock.nanos() - deadline < 0 && pause(20)) Thread.onSpinWait();
    }

    /** Waits on the clock; false when interrupted (the flag is kept for the caller's loop to see). */
    private boolean pause(long millis) {
        tick.run();
        try {
            clock.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Batches acknowledged whose commit waits. */
    int waiting() {
        return gate == null ? 0 : gate.pending();
    }

    /** Suspended WAL tables as last seen, by name (any thread). */
    List<String> suspended() {
        return gate == null ? List.of() : gate.suspended().stream().map(WalHealth.TableState::table).toList();
    }
}
