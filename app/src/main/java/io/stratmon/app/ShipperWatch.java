package io.stratmon.app;

import io.stratmon.shipper.Shipper;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * Under {@code up} and {@code demo}: when the shipper's thread ends without being asked to (an error of any kind, an
 * {@code OutOfMemoryError} included), the whole process stops in order and exits with status 1 after one clear line.
 * A dashboard must never go on serving while nothing is shipped. Exiting, rather than restarting the shipper in
 * process, leaves the restart to whoever runs stratmon (systemd's {@code Restart=on-failure}, a shell loop): a fresh
 * JVM after an out-of-memory error is sound where a restarted thread in the same heap is not, and the checkpoints
 * make the restart resume exactly where the acknowledged lines end.
 */
final class ShipperWatch {
    /** If stopping the other parts hangs (a heap with no room left, say), the process is halted after this long. */
    static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(30);

    private volatile boolean stopping;
    private volatile Throwable death;

    ShipperWatch(Shipper shipper, StopSignal stop) {
        shipper.terminated().whenComplete((ignored, error) -> {
            if (stopping) return;
            death = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error != null ? error : new IllegalStateException("the shipper's thread ended by itself");
            stop.trigger();
        });
    }

    /** Called once a stop was asked for: the shipper ending from now on is expected. */
    void stopping() {
        stopping = true;
    }

    /** True when the shipper died (the stop was not asked for); then prints the one line and arms the halt timer. */
    boolean died(PrintStream err) {
        Throwable t = death;
        if (t == null) return false;
        err.println("error: the shipper stopped on an unexpected error (" + t.getClass().getSimpleName() + ": "
                + t.getMessage() + "); nothing would be shipped any more, so stratmon stops (exit status 1). "
                + "Starting it again resumes from the checkpoints; the log above has the details.");
        err.flush();
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(SHUTDOWN_LIMIT.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(1);
        }, "stratmon-halt-after-shipper-death");
        halt.setDaemon(true);
        halt.start();
        return true;
    }
}
