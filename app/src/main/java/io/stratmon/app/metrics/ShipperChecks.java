package io.stratmon.app.metrics;

import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperMetrics;
import io.stratmon.shipper.ShipperStatus;
import io.stratmon.sql.SqlClient;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The shipper's checks for {@code /health} (its two threads make progress) and {@code /ready} (QuestDB answers, the
 * shipper is not stuck, no suspended WAL table).
 * <ul>
 *   <li>health: the shipper thread runs; the reading thread went round its loop within {@value #READER_STALL_S} s and
 *   the sending thread within {@value #SENDER_STALL_S} s (one request may take up to its 30 s timeout; a retry during an
 *   outage counts as a round).</li>
 *   <li>ready: QuestDB answers {@code SELECT 1} within 2 s (asked at most once a second; over {@code tcp://}, where
 *   nothing can be asked, the shipper not retrying stands for it); the shipper has not been retrying, or behind without
 *   an acknowledgement, for more than {@value #STUCK_S} s; no WAL table is suspended.</li>
 * </ul>
 */
public final class ShipperChecks {
    static final long READER_STALL_S = 30;
    static final long SENDER_STALL_S = 60;
    static final long STUCK_S = 30;
    private static final long REACHABLE_CACHE_NANOS = 1_000_000_000L;

    private final Shipper shipper;
    private final SqlClient questdb;
    private final String url;
    private final LongSupplier nanos;
    private final LongSupplier millis;
    private volatile long checkedAt = Long.MIN_VALUE;
    private volatile boolean reachable;
    private volatile long unavailableSince = -1;

    /** @param questdb null over ILP/TCP (no HTTP endpoint to ask) */
    public ShipperChecks(Shipper shipper, SqlClient questdb, String url) {
        this(shipper, questdb, url, System::nanoTime, System::currentTimeMillis);
    }

    ShipperChecks(Shipper shipper, SqlClient questdb, String url, LongSupplier nanos, LongSupplier millis) {
        this.shipper = shipper;
        this.questdb = questdb;
        this.url = url;
        this.nanos = nanos;
        this.millis = millis;
    }

    public Supplier<Probe.Check> health() {
        return () -> {
            if (!shipper.isRunning()) {
                Throwable t = shipper.failure();
                return Probe.Check.fail("shipper", "the shipper thread has stopped" + (t == null ? "" : ": " + t));
            }
            ShipperMetrics m = shipper.metrics();
            long now = nanos.getAsLong();
            long reader = (now - m.readerTickNanos()) / 1_000_000_000L;
            long sender = (now - m.senderTickNanos()) / 1_000_000_000L;
            if (reader > READER_STALL_S) return Probe.Check.fail("shipper", "the reading thread made no progress for " + reader + " s (limit " + READER_STALL_S + " s)");
            if (sender > SENDER_STALL_S) return Probe.Check.fail("shipper", "the sending thread made no progress for " + sender + " s (limit " + SENDER_STALL_S + " s)");
            return Probe.Check.pass("shipper", "reading and sending threads running [reader_last_round_s=" + reader + ", sender_last_round_s=" + sender + "]");
        };
    }

    public Supplier<Probe.Check> questDbReachable() {
        return () -> {
            boolean up = questdb == null ? !shipper.metrics().retrying() : ask();
            long now = nanos.getAsLong();
            if (up) {
                unavailableSince = -1;
                return Probe.Check.pass("questdb", "reachable [url=" + url + "]");
            }
            if (unavailableSince < 0) unavailableSince = now;
            String last = shipper.metrics().lastError();
            return Probe.Check.fail("questdb", "unreachable for " + (now - unavailableSince) / 1_000_000_000L + " s [url=" + url + "]"
                    + (last == null ? "" : ": " + last));
        };
    }

    private boolean ask() {
        long now = nanos.getAsLong();
        if (checkedAt != Long.MIN_VALUE && now - checkedAt < REACHABLE_CACHE_NANOS) return reachable;
        reachable = questdb.isUp();
        checkedAt = nanos.getAsLong();
        return reachable;
    }

    /** Ready also needs the shipper not stuck and no suspended table. */
    public Supplier<Probe.Check> notStuck() {
        return () -> {
            ShipperMetrics m = shipper.metrics();
            ShipperStatus s = shipper.status();
            if (s != null && !s.suspendedTables().isEmpty()) {
                return Probe.Check.fail("shipper", "QuestDB WAL tables are suspended (rows wait, checkpoints hold): " + s.suspendedTables()
                        + "; fix the cause in wal_tables() and run ALTER TABLE 't' RESUME WAL");
            }
            long sinceAck = m.lastAckMillis() == 0 ? -1 : (millis.getAsLong() - m.lastAckMillis()) / 1000;
            if (m.retrying() && (sinceAck < 0 || sinceAck > STUCK_S)) {
                return Probe.Check.fail("shipper", "retrying: no request acknowledged " + (sinceAck < 0 ? "yet" : "for " + sinceAck + " s")
                        + (m.lastError() == null ? "" : " [error=" + m.lastError() + "]"));
            }
            if (s != null && s.bytesBehind() > 0 && s.secondsBehind() > STUCK_S && (sinceAck < 0 || sinceAck > STUCK_S)) {
                return Probe.Check.fail("shipper", "behind by " + s.bytesBehind() + " bytes for " + Math.round(s.secondsBehind())
                        + " s and nothing acknowledged " + (sinceAck < 0 ? "yet" : "for " + sinceAck + " s"));
            }
            return Probe.Check.pass("shipper", "shipping [bytes_behind=" + (s == null ? 0 : s.bytesBehind()) + "]");
        };
    }
}
