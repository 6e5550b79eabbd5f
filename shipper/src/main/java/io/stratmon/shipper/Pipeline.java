package io.stratmon.shipper;

import io.stratmon.shipper.checkpoint.Checkpoint;
import io.stratmon.shipper.checkpoint.CheckpointStore;
import io.stratmon.shipper.tail.Line;
import io.stratmon.shipper.tail.LineSource;
import io.stratmon.shipper.time.Clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The shipper's loop: poll → convert → encode → hand over → deliver → on acknowledgement, dead letters, then
 * checkpoints (the drawing is in {@code package-info.java}). {@link #run()} reads on the calling thread while a
 * second thread delivers, so parsing the next batch overlaps QuestDB ingesting this one; at most
 * {@value #BATCHES_IN_FLIGHT} batches wait between them. {@link #runOnce()} does one round on the calling thread.
 */
public final class Pipeline implements AutoCloseable {
    static final int BATCHES_IN_FLIGHT = 2;
    private static final LineSource.Budget SCAN_ONLY = new LineSource.Budget(0, 0);

    /** The stages, wired by {@link Shipper}. */
    record Stages(LineSource source, Encoder encoder, Delivery delivery, CheckpointStore checkpoints,
                  DeadLetters deadLetters, Reporter reporter, Clock clock, AutoCloseable sink, Commits commits) {}

    private final Stages s;
    private final LineSource.Budget budget;
    private final Duration pollInterval;
    private final long lingerMillis; // LineSource.LINGER, or the poll interval if shorter
    private volatile boolean stopping;

    Pipeline(Stages stages, LineSource.Budget budget, Duration pollInterval) {
        this.s = stages;
        this.budget = budget;
        this.pollInterval = pollInterval;
        this.lingerMillis = Math.min(pollInterval.toMillis(), LineSource.LINGER.toMillis());
    }

    /** Runs until {@link #stop()}; batches already read are delivered and committed before it returns. */
    public void run() throws InterruptedException {
        BlockingQueue<Shipment> queue = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
        Throwable[] failure = {null};
        Thread sender = new Thread(() -> {
            try {
                // Idle, it wakes when the gate will next look at QuestDB while commits wait; otherwise once a second (metrics).
                for (Shipment x = queue.take(); x != Shipment.END; x = queue.poll(idleWait(), TimeUnit.MILLISECONDS)) {
                    if (x != null) ship(x);
                    else s.commits().release(); // idle: commit what QuestDB has applied meanwhile
                    s.reporter().sendMetricsIfDue();
                }
                s.commits().drain(Commits.DRAIN_MS);
            } catch (Throwable t) {
                failure[0] = t;
            } finally {
                stopping = true;
            }
        }, "stratmon-shipper-send");
        sender.start();
        try {
            while (!stopping) {
                Shipment x = read();
                while (!x.batch().isEmpty() && !queue.offer(x, 100, TimeUnit.MILLISECONDS) && sender.isAlive()) {
                    s.source().poll(SCAN_ONLY); // QuestDB slow or down: keep finding files meanwhile
                    s.reporter().publishStatusIfDue();
                }
                s.reporter().publishStatusIfDue();
                if (stopping) break;
                if (x.batch().lines() == 0) s.source().await(pollInterval.toMillis()); // until a file changes
                else if (x.batch().lines() < budget.lines() && x.batch().bytes() < budget.bytes()) s.source().linger(lingerMillis);
            }
        } finally {
            stopping = true;
            while (sender.isAlive() && !queue.offer(Shipment.END, 50, TimeUnit.MILLISECONDS)) Thread.onSpinWait();
            sender.join();
            s.reporter().stopped();
        }
        if (failure[0] instanceof RuntimeException r) throw r;
        if (failure[0] instanceof Error e) throw e;
        if (failure[0] != null) throw new IllegalStateException(failure[0]);
    }

    private long idleWait() {
        return s.commits().waiting() > 0 ? Math.max(20, s.commits().millisUntilNextLook()) : 1_000;
    }

    /** Asks {@link #run()} to return after the batches already read. */
    public void stop() {
        stopping = true;
        s.source().wakeUp();
    }

    boolean stopping() {
        return stopping;
    }

    /** The latest snapshot (null before the first). */
    public ShipperStatus status() {
        return s.reporter().status();
    }

    /** One round on the calling thread: poll, convert, deliver, commit. Returns the lines read. */
    public int runOnce() {
        Shipment x = read();
        if (!x.batch().isEmpty()) ship(x);
        s.commits().drain(Commits.DRAIN_MS);
        s.reporter().publishStatus();
        s.reporter().sendMetricsIfDue();
        return x.batch().lines();
    }

    private Shipment read() {
        Shipment x = s.encoder().encode(s.source().poll(budget));
        s.reporter().health().read(x.batch());
        FaultInjection.read(x.batch().lines()); // test-only: a shipper that dies (ShipperDeathIT)
        return x;
    }

    /** Delivers a shipment; once every row is acknowledged or refused (and applied): dead letters, then checkpoints. */
    private void ship(Shipment x) {
        List<Rejection> dead = x.rejected();
        if (x.rows().rows() > 0) {
            for (Delivery.Refusal r : s.delivery().deliver(x.rows())) {
                Line line = x.rows().line(r.row());
                if (dead == x.rejected()) dead = new ArrayList<>(x.rejected());
                dead.add(new Rejection(line.source(), line.offset(), line.copyBytes(), "rejected by QuestDB: " + r.reason(),
                        Converted.Stage.SINK));
            }
        }
        for (Rejection r : dead) s.deadLetters().add(r.source(), r.offset(), r.line(), r.reason());
        List<Checkpoint> cursors = x.batch().cursors().stream().map(Checkpoint::of).toList();
        s.commits().acknowledged(x.rows().tables(), () -> { // captures no ILP bytes while it waits for QuestDB's apply
            s.deadLetters().flush();
            s.checkpoints().commit(cursors);
        });
        s.reporter().health().acknowledged(x.batch(), x.rows(), dead);
        s.encoder().recycle(x); // nothing above keeps its rows: the buffers serve a later poll
    }

    @Override
    public void close() throws Exception {
        s.source().close();
        s.deadLetters().close();
        s.sink().close();
    }
}
