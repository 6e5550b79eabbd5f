package io.stratmon.trader;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A demo trading app that logs JSON lines at a steady rate, to feed stratmon (or to load-test it).
 *
 * <pre>{@code
 * TraderOptions options = TraderOptions.defaults(Path.of("logs/trader.jsonl")).withRate(50).withConsole(false);
 * try (DemoTrader trader = new DemoTrader(options)) {
 *     Thread thread = new Thread(trader::run, "demo-trader");
 *     thread.start();                               // ... and later, from any thread:
 *     trader.stop(); thread.join();
 * }
 * }</pre>
 *
 * <p>{@link #run()} paces events against a fixed schedule and writes them in bursts: one event per wake-up at low
 * rates, one burst per millisecond above 1,000 events/s. After each burst it flushes the file, so a tailing
 * shipper sees every line as soon as its burst is written; when the trader falls behind the schedule it writes
 * without sleeping and flushes every 50 ms. Logging goes through a private logback context (see
 * {@link JsonLogWriter}), never through the application's own logging configuration.
 */
public final class DemoTrader implements AutoCloseable {
    /** Events written between checks for stop, interrupt, deadline and flush while behind schedule. */
    private static final long MAX_BURST = 4_096;
    private static final long FLUSH_WHEN_BEHIND_NANOS = 50_000_000;
    /** About 73 years; far enough to mean "no deadline", near enough that {@code start + it} cannot overflow. */
    private static final long FOREVER_NANOS = Long.MAX_VALUE / 4;

    private final TraderOptions options;
    private final EventSource events;
    /** The incidents of option {@code faults}, or null. */
    private final FaultInjector faults;
    private final JsonLogWriter writer;
    /** Held by {@link #run()} for its whole duration; {@link #close()} takes it to wait for a run to end. */
    private final ReentrantLock runLock = new ReentrantLock();
    private boolean started;
    private boolean closed;
    private volatile boolean stopRequested;
    private volatile Thread runner;
    private volatile long eventsWritten;

    /** Validates the options and opens the log file (appending). Throws {@link IllegalArgumentException} listing every problem. */
    public DemoTrader(TraderOptions options) {
        this(options, FaultPlan.DEMO, System::nanoTime);
    }

    /** With another fault plan and clock for the faults (tests: a faster cycle, or a manual clock). */
    DemoTrader(TraderOptions options, FaultPlan plan, LongSupplier faultClock) {
        List<String> problems = options.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid trader options: " + String.join("; ", problems));
        }
        this.options = options;
        EventSource source = options.profile() == Profile.SEED
                ? new PriceWalk(options.seed())
                : new StrategySimulator(options.seed(), options.rate(), System::nanoTime);
        this.faults = options.faults() ? new FaultInjector(source, plan, faultClock) : null;
        this.events = faults != null ? faults : source;
        this.writer = JsonLogWriter.open(options.logFile(), options.console());
    }

    /**
     * Writes events until the duration has elapsed, the count is reached, {@link #stop()} is called or the thread
     * is interrupted (the interrupt flag is left set). Returns the number of events written, all of them flushed
     * to the file. A trader runs once.
     */
    public long run() {
        if (!runLock.tryLock()) {
            throw new IllegalStateException("trader is already running [logFile=" + options.logFile() + "]");
        }
        try {
            if (closed || started) {
                throw new IllegalStateException("a trader runs once; create a new one [logFile=" + options.logFile()
                        + ", closed=" + closed + "]");
            }
            started = true;
            runner = Thread.currentThread();
            return writePaced();
        } finally {
            runner = null;
            runLock.unlock();
        }
    }

    /** Asks {@link #run()} to return after its current event; safe from any thread, also before {@code run()}. */
    public void stop() {
        stopRequested = true;
        Thread thread = runner;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** Events whose lines are in the file so far; it never runs ahead of the file, so tests can wait on it. */
    public long eventsWritten() {
        return eventsWritten;
    }

    /** Stops a run in progress, waits for it to return, and closes the file. */
    @Override
    public void close() {
        stop();
        runLock.lock();
        try {
            if (!closed) {
                closed = true;
                writer.close();
            }
        } finally {
            runLock.unlock();
        }
    }

    private long writePaced() {
        Logger log = writer.logger();
        long limit = options.count() == 0 ? Long.MAX_VALUE : options.count();
        long start = System.nanoTime();
        long deadline = start + budgetNanos(options.duration());
        Pacer pacer = new Pacer(options.rate(), start);
        long written = 0;
        long paced = 0;
        long lastFlush = start;
        try {
            while (paced < limit && !stopRequested && !Thread.currentThread().isInterrupted()) {
                long now = System.nanoTime();
                boolean timeUp = now - deadline >= 0;
                // Events due before the deadline still go out, so d seconds at r events/s are ceil(d * r) events.
                long due = Math.min(pacer.dueBy(timeUp ? deadline - 1 : now), limit);
                boolean behind = false;
                if (due > paced) {
                    long burst = Math.min(due - paced, MAX_BURST);
                    for (long i = 0; i < burst; i++) {
                        events.next().logTo(log);
                    }
                    written += burst;
                    paced += burst;
                    if (faults != null) {
                        // Burst errors are not paced: 30 errors in 3 s also at 2 events/s. They count as written.
                        for (TraderEvent error : faults.burstDue()) {
                            error.logTo(log);
                            written++;
                        }
                    }
                    behind = paced < due;
                    if (!behind || now - lastFlush >= FLUSH_WHEN_BEHIND_NANOS) {
                        publish(written);
                        lastFlush = now;
                    }
                }
                if (timeUp) {
                    break;
                }
                if (!behind && paced < limit) {
                    long wake = pacer.wakeAt(paced, now);
                    long sleep = (wake - deadline < 0 ? wake : deadline) - System.nanoTime();
                    if (sleep > 0) {
                        LockSupport.parkNanos(this, sleep);
                    }
                }
            }
        } finally {
            publish(written);
        }
        return written;
    }

    private void publish(long written) {
        writer.flush();
        eventsWritten = written;
    }

    private static long budgetNanos(Duration duration) {
        if (duration == null) {
            return FOREVER_NANOS;
        }
        try {
            return Math.min(duration.toNanos(), FOREVER_NANOS);
        } catch (ArithmeticException tooLong) {
            return FOREVER_NANOS;
        }
    }
}
