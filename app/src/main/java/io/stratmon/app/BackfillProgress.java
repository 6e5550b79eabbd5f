package io.stratmon.app;

import io.stratmon.shipper.ShipperStatus;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Shows the progress of a backfill (shipping a large existing file): bytes done / total, lines/s and ETA. On a
 * terminal it draws a progress bar; otherwise it prints a line every few seconds. It appears when the shipper is at
 * least {@value #THRESHOLD_BYTES} bytes behind and ends with a summary once it has caught up.
 */
final class BackfillProgress implements AutoCloseable {
    static final long THRESHOLD_BYTES = 1_000_000;
    private static final long LINE_EVERY_NANOS = 5_000_000_000L;

    private final Supplier<ShipperStatus> status;
    private final LongSupplier linesRead;
    private final boolean terminal;
    private final PrintStream out;
    private final Thread thread;
    private volatile boolean running = true;

    private boolean active;
    private long startNanos, startLines, startDone, lastLineNanos;
    private ProgressBar bar;

    BackfillProgress(Supplier<ShipperStatus> status, LongSupplier linesRead, boolean terminal, PrintStream out) {
        this.status = status;
        this.linesRead = linesRead;
        this.terminal = terminal;
        this.out = out;
        this.thread = new Thread(this::loop, "stratmon-progress");
        thread.setDaemon(true);
    }

    BackfillProgress start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            tick(System.nanoTime());
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One look at the shipper: start, update or finish the display. */
    synchronized void tick(long now) {
        ShipperStatus s = status.get();
        if (s == null) return;
        long total = s.bytesTotal();
        long behind = s.bytesBehind();
        long done = total - behind;
        long lines = linesRead.getAsLong();
        if (!active) {
            if (behind < THRESHOLD_BYTES) return;
            active = true;
            startNanos = now;
            startLines = lines;
            startDone = done;
            lastLineNanos = now;
            if (terminal) {
                bar = new ProgressBarBuilder().setTaskName("backfill").setInitialMax(total).setUnit(" MB", 1_000_000)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
                        .setMaxRenderedLength(120).build();
                bar.stepTo(done);
            } else {
                out.println(line(done, total, 0, null));
            }
            return;
        }
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        double linesPerSecond = (lines - startLines) / seconds;
        double bytesPerSecond = (done - startDone) / seconds;
        Duration eta = bytesPerSecond > 0 ? Duration.ofSeconds((long) Math.ceil(behind / bytesPerSecond)) : null;
        if (behind == 0) {
            if (bar != null) {
                bar.maxHint(total);
                bar.stepTo(total);
                bar.close();
                bar = null;
            }
            out.printf("backfill done: %,d lines, %.1f MB in %.1f s (%,.0f lines/s)%n", lines - startLines,
                    (done - startDone) / 1e6, seconds, linesPerSecond);
            active = false;
            return;
        }
        if (bar != null) {
            bar.maxHint(total);
            bar.stepTo(done);
            bar.setExtraMessage(String.format("%,.0f lines/s", linesPerSecond));
        } else if (now - lastLineNanos >= LINE_EVERY_NANOS) {
            out.println(line(done, total, linesPerSecond, eta));
            lastLineNanos = now;
        }
    }

    /** {@code backfill: 120.5 / 480.0 MB (25%), 412,345 lines/s, ETA 0:00:42}. */
    static String line(long done, long total, double linesPerSecond, Duration eta) {
        int percent = total == 0 ? 100 : (int) (100 * done / total);
        String etaText = eta == null ? "?" : String.format("%d:%02d:%02d", eta.toHours(), eta.toMinutesPart(), eta.toSecondsPart());
        return String.format("backfill: %.1f / %.1f MB (%d%%), %,.0f lines/s, ETA %s", done / 1e6, total / 1e6, percent,
                linesPerSecond, etaText);
    }

    @Override
    public synchronized void close() {
        running = false;
        thread.interrupt();
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
