package io.stratmon.shipper.testing;

import io.stratmon.shipper.time.Clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when told to: {@link #sleep} moves it forward (and records the wait) instead of waiting. */
public final class ManualClock implements Clock {
    private volatile long nanos = 1_000_000_000L;
    private volatile long millis = 1_795_000_000_000L; // 2026-11-18
    private final List<Long> sleeps = new ArrayList<>();

    @Override
    public long nanos() {
        return nanos;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public synchronized void sleep(long ms) {
        sleeps.add(ms);
        advance(Duration.ofMillis(ms));
        Thread.yield();
    }

    public synchronized void advance(Duration d) {
        nanos += d.toNanos();
        millis += d.toMillis();
    }

    /** Every wait asked for, in order. */
    public synchronized List<Long> sleeps() {
        return new ArrayList<>(sleeps);
    }
}
