package io.stratmon.shipper.sink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Moves a batch's checkpoints only once QuestDB has <em>applied</em> the rows it acknowledged. An ILP/HTTP 2xx means
 * the rows are in the table's write-ahead log; a table whose WAL is suspended keeps them there, invisible, and a
 * checkpoint moved past them would make a later {@code RESUME WAL ... FROM TXN} or a dropped WAL lose them for good.
 * <p>
 * After each acknowledgement the gate notes, per table of the batch, the sequencer transaction reached (read from
 * {@code wal_tables()} just after the 2xx, so it is at least the batch's own); the batch's commit runs, in batch
 * order, once every such table's {@code writerTxn} has reached it. Tables that are not WAL tables do not hold a
 * commit. At most {@code maxPending} batches wait: then {@link #isFull()} and the sender stops sending until the
 * oldest is applied, so a suspended table holds the shipper the way an outage does, with the log files as the buffer.
 * <p>
 * A suspended table is said loudly: one ERROR log line with the statement that resumes it, and {@link #suspended()}
 * for the status file and the {@code stratmon_shipper} metrics row. Used by the sending thread only; {@link #suspended()}
 * may be read from any thread.
 * <p>
 * QuestDB is asked at most once per {@code minInterval} (and never while nothing waits): a trickle of small batches,
 * one every poll interval, would otherwise cost a {@code wal_tables()} round trip each (QuestDB's CPU, 1-2 ms a
 * query, and the sender's). The interval only delays checkpoints (what a crash would replay, which dedup makes
 * harmless), never visibility: QuestDB makes rows visible on its own. {@link #releaseNow()} (at stop) does not wait
 * for it. A batch acknowledged between two reads gets its targets from the next read, which comes after its
 * acknowledgement, so they are never below its own transaction: its commit only comes later, never early.
 */
public final class VisibilityGate {
    private static final Logger log = LoggerFactory.getLogger(VisibilityGate.class);
    /** Batches acknowledged but not yet applied before the sender waits (each up to batch.max_rows rows). */
    public static final int DEFAULT_MAX_PENDING = 4;
    /**
     * At most one {@code wal_tables()} per this interval (a checkpoint then moves up to this much later). 100 ms cost
     * QuestDB 1-2 % of a core and the sender ten wake-ups a second at any trickle; one a second is cheap and moves
     * checkpoints often enough.
     */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(1);

    /** One acknowledged batch: its tables with the transaction each must reach (null until QuestDB could be asked). */
    private static final class Pending {
        final Set<String> tables;
        Map<String, Long> targets;
        final Runnable commit;

        Pending(Set<String> tables, Runnable commit) {
            this.tables = tables;
            this.commit = commit;
        }
    }

    private final WalHealth wal;
    private final int maxPending;
    private final LongSupplier nanos;
    private final long minIntervalNanos;
    private long lastReadAt;
    private boolean everRead;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Set<String> reported = new HashSet<>();
    private volatile List<WalHealth.TableState> suspended = List.of();
    private boolean unreadableReported;

    /** Asks QuestDB on every {@link #release()} that has something waiting (tests). */
    public VisibilityGate(WalHealth wal, int maxPending) {
        this(wal, maxPending, System::nanoTime, Duration.ZERO);
    }

    /** @param nanos the clock {@code minInterval} is measured on */
    public VisibilityGate(WalHealth wal, int maxPending, LongSupplier nanos, Duration minInterval) {
        this.wal = wal;
        this.maxPending = maxPending;
        this.nanos = nanos;
        this.minIntervalNanos = minInterval.toNanos();
    }

    /**
     * A batch touching {@code tables} was acknowledged: {@code commit} (dead letters, then checkpoints) runs once
     * QuestDB has applied it, maybe at once, maybe in a later {@link #release()}.
     */
    public void acknowledged(Set<String> tables, Runnable commit) {
        Set<String> lower = new HashSet<>();
        for (String t : tables) lower.add(t.toLowerCase(Locale.ROOT));
        pending.addLast(new Pending(lower, commit));
        release();
    }

    /**
     * Asks QuestDB once (unless it was asked less than {@code minInterval} ago: then nothing changes) and runs, in
     * order, the commits of every batch now applied. When QuestDB cannot be asked, nothing is committed (the rows will
     * be replayed after a crash, which dedup makes harmless). Returns how many batches still wait.
     */
    public int release() {
        return release(false);
    }

    /** {@link #release()} without waiting for the interval (a stop drains what QuestDB has applied). */
    public int releaseNow() {
        return release(true);
    }

    /** Milliseconds until {@link #release()} will ask QuestDB again; 0 when it would now or nothing waits. */
    public long millisUntilNextRead() {
        if (pending.isEmpty() || !everRead) return 0;
        long left = minIntervalNanos - (nanos.getAsLong() - lastReadAt);
        return left <= 0 ? 0 : (left + 999_999) / 1_000_000;
    }

    private int release(boolean regardlessOfInterval) {
        if (pending.isEmpty()) return 0;
        long now = nanos.getAsLong();
        if (!regardlessOfInterval && everRead && now - lastReadAt < minIntervalNanos) return pending.size();
        everRead = true;
        lastReadAt = now;
        Map<String, WalHealth.TableState> states;
        try {
            states = wal.read();
        } catch (RuntimeException e) {
            // wal_tables() cannot be read although QuestDB acknowledged: never stall on that, fall back to the ack.
            if (pending.size() > maxPending) {
                if (!unreadableReported) log.warn("Cannot read wal_tables(); committing on acknowledgement [error={}]", e.getMessage());
                unreadableReported = true;
                while (pending.size() > maxPending) pending.removeFirst().commit.run();
            }
            return pending.size();
        }
        unreadableReported = false;
        report(states);
        for (Pending p : pending) {
            if (p.targets == null) p.targets = targets(p.tables, states);
        }
        while (!pending.isEmpty() && applied(pending.peekFirst(), states)) {
            pending.removeFirst().commit.run();
        }
        return pending.size();
    }

    /**
     * True when no more batch should be sent before the oldest one is applied: {@code maxPending} wait and the oldest
     * waits for a suspended table. Apply lag alone never holds sending (only the commits wait for it).
     */
    public boolean isFull() {
        if (pending.size() < maxPending) return false;
        Pending oldest = pending.peekFirst();
        if (oldest.targets == null) return false;
        for (WalHealth.TableState s : suspended) {
            if (oldest.targets.containsKey(s.table().toLowerCase(Locale.ROOT))) return true;
        }
        return false;
    }

    public int pending() {
        return pending.size();
    }

    /** Suspended WAL tables as last seen (any table of the QuestDB, not only the shipper's). */
    public List<WalHealth.TableState> suspended() {
        return suspended;
    }

    private static Map<String, Long> targets(Set<String> tables, Map<String, WalHealth.TableState> states) {
        Map<String, Long> targets = new HashMap<>();
        for (String t : tables) {
            WalHealth.TableState s = states.get(t);
            if (s != null) targets.put(t, s.sequencerTxn());
        }
        return targets;
    }

    private static boolean applied(Pending p, Map<String, WalHealth.TableState> states) {
        for (Map.Entry<String, Long> target : p.targets.entrySet()) {
            WalHealth.TableState s = states.get(target.getKey());
            // A table dropped meanwhile has nothing left to wait for.
            if (s != null && s.writerTxn() < target.getValue()) return false;
        }
        return true;
    }

    private void report(Map<String, WalHealth.TableState> states) {
        List<WalHealth.TableState> now = new ArrayList<>();
        for (WalHealth.TableState s : states.values()) {
            if (s.suspended()) now.add(s);
        }
        now.sort(Comparator.comparing(WalHealth.TableState::table));
        Set<String> names = new HashSet<>();
        for (WalHealth.TableState s : now) {
            String key = s.table().toLowerCase(Locale.ROOT);
            names.add(key);
            if (reported.add(key)) {
                log.error("QuestDB table is SUSPENDED: rows acknowledged for it are not visible, and checkpoints will not"
                        + " move past them. Find the cause in wal_tables() (errorMessage), fix it, then run: {}"
                        + " [table={}, writerTxn={}, sequencerTxn={}]", s.resumeSql(), s.table(), s.writerTxn(), s.sequencerTxn());
            }
        }
        for (String key : new ArrayList<>(reported)) {
            if (!names.contains(key)) {
                reported.remove(key);
                log.info("QuestDB table resumed applying its WAL [table={}]", key);
            }
        }
        suspended = List.copyOf(now);
    }
}
