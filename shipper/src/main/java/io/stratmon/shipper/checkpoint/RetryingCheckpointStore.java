package io.stratmon.shipper.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Keeps shipping when the state dir stops taking writes (disk full, directory replaced or remounted read-only): a
 * failed {@link #commit} is kept in memory and written again, with capped backoff, at a later commit; it never
 * throws. The first failure is logged once, the recovery once. Until then a crash ships the lines since the last
 * written checkpoint again (QuestDB dedup drops them); lines already acknowledged are not sent again by this run.
 * <p>
 * {@code ready} guards the order "dead letters durable, then the checkpoint that skips their lines": while it says
 * false the set waits, exactly as if the write had failed. Not thread-safe beyond one committing thread.
 */
public final class RetryingCheckpointStore implements CheckpointStore {
    private static final Logger log = LoggerFactory.getLogger(RetryingCheckpointStore.class);
    public static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final CheckpointStore delegate;
    private final BooleanSupplier ready;
    private final LongSupplier nanoClock;
    private final String where;
    private final Consumer<List<Checkpoint>> written;
    private List<Checkpoint> pending;
    private long backoffNanos = MIN_BACKOFF.toNanos();
    private long nextAttemptNanos;
    private long failingSinceNanos;
    private int failures;

    /**
     * @param ready     false while something that must be durable first (the dead letters) is not
     * @param nanoClock monotonic nanoseconds ({@code System::nanoTime} outside tests)
     * @param where     names the store in log lines (its file)
     */
    public RetryingCheckpointStore(CheckpointStore delegate, BooleanSupplier ready, LongSupplier nanoClock, String where) {
        this(delegate, ready, nanoClock, where, set -> { });
    }

    /** @param written told each set once it is durable (the dead letters move their start-up mark then) */
    public RetryingCheckpointStore(CheckpointStore delegate, BooleanSupplier ready, LongSupplier nanoClock, String where,
                                   Consumer<List<Checkpoint>> written) {
        this.written = written;
        this.delegate = delegate;
        this.ready = ready;
        this.nanoClock = nanoClock;
        this.where = where;
    }

    @Override
    public List<Checkpoint> load() {
        return delegate.load();
    }

    /** Makes {@code checkpoints} the set to store, and stores it now unless a failed write is still backing off. */
    @Override
    public synchronized void commit(Collection<Checkpoint> checkpoints) {
        pending = List.copyOf(checkpoints);
        writePending();
    }

    /** Writes the waiting set if its backoff is over (call when idle, and at stop). True when nothing waits. */
    public synchronized boolean writePending() {
        if (pending == null) return true;
        long now = nanoClock.getAsLong();
        if (failures > 0 && now - nextAttemptNanos < 0) return false;
        if (!ready.getAsBoolean()) return false;
        try {
            delegate.commit(pending);
        } catch (RuntimeException e) {
            if (failures++ == 0) {
                failingSinceNanos = now;
                log.warn("Cannot write checkpoints; shipping goes on, the write is retried with backoff up to {} s"
                        + " [path={}]: {}", MAX_BACKOFF.toSeconds(), where, describe(e));
            }
            nextAttemptNanos = now + backoffNanos;
            backoffNanos = Math.min(backoffNanos * 2, MAX_BACKOFF.toNanos());
            return false;
        }
        if (failures > 0) {
            log.info("Checkpoints written again [path={}, failedAttempts={}, failingForMs={}]", where, failures,
                    (now - failingSinceNanos) / 1_000_000);
        }
        written.accept(pending);
        pending = null;
        failures = 0;
        backoffNanos = MIN_BACKOFF.toNanos();
        return true;
    }

    private static String describe(Throwable e) {
        String m = String.valueOf(e.getMessage());
        Throwable cause = e.getCause();
        return cause == null || m.contains(String.valueOf(cause.getMessage())) ? m : m + ": " + cause;
    }

    /** Writes the waiting set now, backoff or not (at stop). True when nothing waits. */
    public synchronized boolean writePendingNow() {
        nextAttemptNanos = nanoClock.getAsLong();
        return writePending();
    }

    /** True when the last committed set is durable. */
    public synchronized boolean durable() {
        return pending == null;
    }

    /** Failed writes since the last one that worked (0 when healthy). */
    public synchronized int failedAttempts() {
        return failures;
    }
}
