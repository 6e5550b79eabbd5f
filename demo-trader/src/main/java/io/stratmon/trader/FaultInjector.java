package io.stratmon.trader;

import io.stratmon.trader.TraderEvent.ComponentError;
import io.stratmon.trader.TraderEvent.Heartbeat;
import io.stratmon.trader.TraderEvent.Price;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The strategy with incidents (option {@code faults}): drops the events a {@link FaultPlan} says are missing and adds
 * its error bursts. Dropped events leave no hole in the pacing: the next event of the strategy takes the slot, so
 * "everything else goes on" at the same rate. Burst errors come from {@link #burstDue()}, on top of the paced events,
 * so a burst is as dense at 2 events/s as at 2,000.
 *
 * <p>Which events are dropped depends only on the seed and the clock; the burst's lines are fixed texts.
 */
final class FaultInjector implements EventSource {
    private final EventSource strategy;
    private final FaultPlan plan;
    private final LongSupplier nanoClock;
    /** The plan's time zero: the first event asked for, so that the plan runs from when the trader starts writing. */
    private long startNanos;
    private boolean started;
    private long lastHeartbeatNanos;
    private boolean heartbeatPaused;
    private long burstCycle = -1;
    private int burstSent;

    FaultInjector(EventSource strategy, FaultPlan plan, LongSupplier nanoClock) {
        this.strategy = strategy;
        this.plan = plan;
        this.nanoClock = nanoClock;
    }

    private long now() {
        long now = nanoClock.getAsLong();
        if (!started) {
            started = true;
            startNanos = now;
            lastHeartbeatNanos = now;
        }
        return now;
    }

    @Override
    public TraderEvent next() {
        while (true) {
            long now = now();
            TraderEvent event = strategy.next();
            long elapsed = now - startNanos;
            if (event instanceof Heartbeat heartbeat) {
                if (plan.heartbeatPaused(elapsed)) {
                    heartbeatPaused = true;
                    continue;
                }
                if (heartbeatPaused) {
                    // The first heartbeat after a pause reports the whole pause, as a stalled loop would.
                    heartbeatPaused = false;
                    heartbeat = new Heartbeat(Math.round((now - lastHeartbeatNanos) / 1_000.0) / 1_000.0);
                }
                lastHeartbeatNanos = now;
                return heartbeat;
            }
            if (event instanceof Price price && plan.priceGap(elapsed) && price.symbol().equals(plan.symbol())) {
                continue;
            }
            return event;
        }
    }

    /** The burst errors due by now and not handed out yet (usually none); each is one {@code error} line. */
    List<TraderEvent> burstDue() {
        long elapsed = now() - startNanos;
        long cycle = plan.cycle(elapsed);
        if (cycle != burstCycle) {
            burstCycle = cycle;
            burstSent = 0;
        }
        int due = plan.errorsDueBy(elapsed);
        if (due <= burstSent) return List.of();
        List<TraderEvent> errors = new ArrayList<>(due - burstSent);
        while (burstSent < due) {
            burstSent++;
            errors.add(new ComponentError("gateway", "order session down, reconnect attempt " + burstSent + " of "
                    + plan.burstErrors() + " failed"));
        }
        return errors;
    }
}
