package io.stratmon.trader;

import java.time.Duration;

/**
 * When the demo trader's incidents happen, so that alert rules have something to fire on. One cycle starts
 * {@code start} after the trader starts and repeats every {@code period}; in each cycle:
 * <ol>
 *   <li>at phase 0 the heartbeat pauses for {@code heartbeatPause} (no {@code heartbeat} events, everything else goes on);</li>
 *   <li>at {@code priceGapAt} the quotes of {@code symbol} stop for {@code priceGap} (no {@code price} events for it);</li>
 *   <li>at {@code burstAt} an error burst: {@code burstErrors} {@code error} events spread over {@code burstSpread}.</li>
 * </ol>
 * Each incident has its own window: in the demo's plan they come in turn; a plan whose windows overlap (a test's,
 * to see two rules fire in one wait) has both at once.
 * {@link #DEMO}: from 20 s on, every 3 minutes: heartbeat pause 20–55 s, SOL-USD gap 75–110 s, 30 errors from 130 s.
 * Pure arithmetic on elapsed nanoseconds, like {@link Pacer}, so tests need no sleeping.
 */
record FaultPlan(Duration start, Duration period, Duration heartbeatPause, Duration priceGapAt, Duration priceGap,
                 String symbol, Duration burstAt, int burstErrors, Duration burstSpread) {

    /** The demo's plan; the built-in alert rules (heartbeat > 15 s, stale feed > 15 s, > 10 errors a minute) fire on it. */
    static final FaultPlan DEMO = new FaultPlan(Duration.ofSeconds(20), Duration.ofMinutes(3), Duration.ofSeconds(35),
            Duration.ofSeconds(55), Duration.ofSeconds(35), "SOL-USD", Duration.ofSeconds(110), 30, Duration.ofSeconds(3));

    /** The same plan with every duration divided by {@code factor}: a cycle in seconds for tests that write real files. */
    FaultPlan faster(long factor) {
        return new FaultPlan(start.dividedBy(factor), period.dividedBy(factor), heartbeatPause.dividedBy(factor),
                priceGapAt.dividedBy(factor), priceGap.dividedBy(factor), symbol, burstAt.dividedBy(factor), burstErrors,
                burstSpread.dividedBy(factor));
    }

    /** Whether the heartbeat is paused at {@code elapsedNanos} after the start. */
    boolean heartbeatPaused(long elapsedNanos) {
        long phase = phase(elapsedNanos);
        return phase >= 0 && phase < heartbeatPause.toNanos();
    }

    /** Whether the quotes of {@link #symbol()} have stopped at {@code elapsedNanos} after the start. */
    boolean priceGap(long elapsedNanos) {
        long phase = phase(elapsedNanos);
        return phase >= priceGapAt.toNanos() && phase < priceGapAt.plus(priceGap).toNanos();
    }

    /** The cycle {@code elapsedNanos} falls in (0 is the first), or -1 before the first one. */
    long cycle(long elapsedNanos) {
        long sinceStart = elapsedNanos - start.toNanos();
        return sinceStart < 0 ? -1 : sinceStart / period.toNanos();
    }

    /**
     * How many of the current cycle's burst errors are due by {@code elapsedNanos}: the first at {@code burstAt}, the
     * rest evenly over {@code burstSpread}, all of them once it is over.
     */
    int errorsDueBy(long elapsedNanos) {
        long sinceBurst = phase(elapsedNanos) - burstAt.toNanos();
        if (sinceBurst < 0) return 0;
        long spread = burstSpread.toNanos();
        if (sinceBurst >= spread || burstErrors <= 1) return burstErrors;
        return 1 + (int) ((burstErrors - 1) * (double) sinceBurst / spread);
    }

    private long phase(long elapsedNanos) {
        long sinceStart = elapsedNanos - start.toNanos();
        return sinceStart < 0 ? -1 : sinceStart % period.toNanos();
    }
}
