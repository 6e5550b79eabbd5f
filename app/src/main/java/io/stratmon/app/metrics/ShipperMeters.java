package io.stratmon.app.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperMetrics;
import io.stratmon.shipper.ShipperStatus;
import io.stratmon.shipper.ShipperTimings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The shipper's counters as Prometheus meters ({@code stratmon_shipper_*}): counters are read from
 * {@link ShipperMetrics} when scraped (nothing on the shipping path), histograms get their samples through
 * {@link ShipperTimings}, per-file gauges come from the latest {@link ShipperStatus} snapshot.
 * <p>
 * Per-file series are labelled {@code file=<path>} for at most {@value #MAX_FILE_SERIES} files, those furthest behind
 * (then by path); the rest are summed into one series {@code file="_other"}, so ten thousand tailed files never make
 * ten thousand series. {@code stratmon_shipper_open_files} counts them all.
 */
public final class ShipperMeters implements MeterBinder, StratmonMetrics.Refreshing, AutoCloseable {
    public static final int MAX_FILE_SERIES = 100;
    public static final String OTHER_FILES = "_other";
    /** End-to-end lag buckets: from a live tail (tens of milliseconds) to a backfill of old files (days). */
    static final Duration[] LAG_BUCKETS = seconds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400);
    static final Duration[] BATCH_BUCKETS = seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);

    private final ShipperMetrics metrics;
    private final Supplier<ShipperStatus> status;
    private MultiGauge fileBytesBehind;
    private MultiGauge fileSecondsBehind;

    public ShipperMeters(Shipper shipper) {
        this(shipper.metrics(), shipper::status);
    }

    /** @param status the latest snapshot (null before the first) */
    public ShipperMeters(ShipperMetrics metrics, Supplier<ShipperStatus> status) {
        this.metrics = metrics;
        this.status = status;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        ShipperMetrics m = metrics;
        counter(registry, "stratmon.shipper.lines.read", null, "lines read from the tailed files", m, ShipperMetrics::linesRead);
        counter(registry, "stratmon.shipper.read.bytes", null, "bytes of lines read", m, ShipperMetrics::bytesRead);
        counter(registry, "stratmon.shipper.rows.shipped", null, "rows acknowledged by QuestDB", m, ShipperMetrics::rowsShipped);
        counter(registry, "stratmon.shipper.retries", null, "requests retried because QuestDB was unavailable", m, ShipperMetrics::retries);
        counter(registry, "stratmon.shipper.batches", null, "requests acknowledged by QuestDB", m, ShipperMetrics::batches);
        counter(registry, "stratmon.shipper.new.tables", null, "tables the shipper's rows created", m, ShipperMetrics::tablesCreated);
        for (ShipperMetrics.ReasonClass reason : ShipperMetrics.ReasonClass.values()) {
            FunctionCounter.builder("stratmon.shipper.dead.letters", m, x -> x.deadLettered(reason))
                    .description("lines written to the dead-letter file, by reason class (read, parse, mapping, check, questdb)")
                    .tag("reason", reason.label()).register(registry);
        }
        gauge(registry, "stratmon.shipper.retrying", null, "1 while QuestDB is unavailable and a request is being retried",
                m, x -> x.retrying() ? 1 : 0);
        gauge(registry, "stratmon.shipper.last.ack.timestamp.seconds", null, "when QuestDB last acknowledged a request (Unix time, 0 before any)",
                m, x -> x.lastAckMillis() / 1000.0);
        gauge(registry, "stratmon.shipper.open.files", null, "files being tailed", status, s -> status(s).files().size());
        gauge(registry, "stratmon.shipper.behind.bytes", null, "bytes written to the tailed files and not yet acknowledged",
                status, s -> status(s).bytesBehind());
        gauge(registry, "stratmon.shipper.behind.seconds", null, "longest time any file has had unshipped bytes",
                status, s -> status(s).secondsBehind());
        gauge(registry, "stratmon.shipper.suspended.tables", null, "QuestDB WAL tables seen suspended (their rows wait)",
                status, s -> status(s).suspendedTables().size());
        fileBytesBehind = MultiGauge.builder("stratmon.shipper.file.behind.bytes")
                .description("per file: bytes not yet acknowledged (at most " + MAX_FILE_SERIES + " files, the rest in file=\"_other\")")
                .register(registry);
        fileSecondsBehind = MultiGauge.builder("stratmon.shipper.file.behind.seconds")
                .description("per file: how long it has had unshipped bytes (at most " + MAX_FILE_SERIES + " files, the rest in file=\"_other\")")
                .register(registry);
        LagRecorder lag = lagRecorder(registry);
        Timer batch = Timer.builder("stratmon.shipper.batch.duration")
                .description("how long QuestDB took to acknowledge a request (one batch, or part of a split one)")
                .serviceLevelObjectives(BATCH_BUCKETS).register(registry);
        m.timings(new ShipperTimings() {
            @Override
            public void batchSent(int rows, long nanos) {
                batch.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void lag(long[] ts, int from, int to, long ack) {
                for (int i = from; i < to; i++) lag.record(Math.max(0, ack - ts[i]));
            }
        });
        refresh();
    }

    /** One sample per row: at hundreds of thousands of rows a second this is the one meter whose cost shows. */
    @FunctionalInterface
    interface LagRecorder {
        void record(long nanos);
    }

    static final String LAG_HELP = "end-to-end lag of each row: from the line's own timestamp to QuestDB's acknowledgement";

    /**
     * On a Prometheus registry, the Prometheus client's own classic histogram (about 20 ns a row, no exemplars), in the
     * same scrape; Micrometer's Timer costs about 95 ns a row (its max gauge reads the clock on every sample). On any
     * other registry, the Timer.
     */
    static LagRecorder lagRecorder(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            double[] bounds = new double[LAG_BUCKETS.length];
            for (int i = 0; i < bounds.length; i++) bounds[i] = LAG_BUCKETS[i].toNanos() / 1e9;
            Histogram h = Histogram.builder().name("stratmon_shipper_lag_seconds").help(LAG_HELP).unit(Unit.SECONDS)
                    .classicOnly().withoutExemplars().classicUpperBounds(bounds).register(prometheus.getPrometheusRegistry());
            return nanos -> h.observe(nanos / 1e9);
        }
        Timer t = Timer.builder("stratmon.shipper.lag").description(LAG_HELP).serviceLevelObjectives(LAG_BUCKETS).register(registry);
        return nanos -> t.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Re-registers the per-file series from the latest snapshot (files come and go). */
    @Override
    public void refresh() {
        List<ShipperStatus.FileStatus> files = new ArrayList<>(status(status).files());
        files.sort(Comparator.comparingLong(ShipperStatus.FileStatus::bytesBehind).reversed()
                .thenComparing(ShipperStatus.FileStatus::path));
        List<MultiGauge.Row<?>> bytes = new ArrayList<>();
        List<MultiGauge.Row<?>> seconds = new ArrayList<>();
        int shown = Math.min(files.size(), MAX_FILE_SERIES);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < shown; i++) {
            ShipperStatus.FileStatus f = files.get(i);
            String label = f.path();
            if (seen.contains(label)) label = f.path() + " (" + f.fileId() + ")"; // a rotated file draining beside its successor
            seen.add(label);
            bytes.add(MultiGauge.Row.of(Tags.of("file", label), f.bytesBehind()));
            seconds.add(MultiGauge.Row.of(Tags.of("file", label), f.secondsBehind()));
        }
        if (files.size() > shown) {
            List<ShipperStatus.FileStatus> rest = files.subList(shown, files.size());
            bytes.add(MultiGauge.Row.of(Tags.of("file", OTHER_FILES), rest.stream().mapToLong(ShipperStatus.FileStatus::bytesBehind).sum()));
            seconds.add(MultiGauge.Row.of(Tags.of("file", OTHER_FILES), rest.stream().mapToDouble(ShipperStatus.FileStatus::secondsBehind).max().orElse(0)));
        }
        fileBytesBehind.register(bytes, true);
        fileSecondsBehind.register(seconds, true);
    }

    private static final ShipperStatus NONE = new ShipperStatus(0, "", false, null, 0, 0, 0, 0, 0, List.of());

    private static ShipperStatus status(Supplier<ShipperStatus> s) {
        ShipperStatus status = s.get();
        return status == null ? NONE : status;
    }

    private static <T> void counter(MeterRegistry r, String name, String unit, String help, T obj, ToDoubleFunction<T> f) {
        FunctionCounter.builder(name, obj, f).baseUnit(unit).description(help).register(r);
    }

    private static <T> void gauge(MeterRegistry r, String name, String unit, String help, T obj, ToDoubleFunction<T> f) {
        Gauge.builder(name, obj, f).baseUnit(unit).description(help).strongReference(true).register(r);
    }

    private static Duration[] seconds(double... values) {
        Duration[] d = new Duration[values.length];
        for (int i = 0; i < values.length; i++) d[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        return d;
    }

    @Override
    public void close() {
        metrics.timings(ShipperTimings.NONE);
    }
}
