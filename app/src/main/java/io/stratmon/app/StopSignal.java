package io.stratmon.app;

import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;

/**
 * Waits for Ctrl-C (SIGINT) or SIGTERM. Handling the signals ourselves, instead of relying on shutdown hooks, lets a
 * long-running command stop its parts in order and still exit with status 0.
 */
final class StopSignal {
    private final CountDownLatch stop = new CountDownLatch(1);

    StopSignal() {
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
    }

    /** Blocks until a stop signal arrives (or {@link #trigger()} is called). */
    void await() {
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void trigger() {
        stop.countDown();
    }
}
