package io.stratmon.app.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The process's Prometheus registry (Micrometer): JVM and process metrics, {@code stratmon_build_info}, and whatever
 * is bound to it ({@link ShipperMeters}, {@code AlertMeters}). {@link #scrape()} is the text of {@code /metrics}.
 * <pre>{@code
 * try (StratmonMetrics metrics = StratmonMetrics.create()) {
 *     metrics.bind(new ShipperMeters(shipper));
 *     String text = metrics.scrape();        // Prometheus text format 0.0.4
 * }
 * }</pre>
 * Nothing in it is a secret: counts, durations, file paths, rule and table names (no line content, no credentials).
 */
public final class StratmonMetrics implements AutoCloseable {
    /** The content type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

    private StratmonMetrics() {}

    /** A registry with the JVM binders and {@code stratmon_build_info{version, java_version}} = 1. */
    public static StratmonMetrics create() {
        StratmonMetrics m = new StratmonMetrics();
        // Two of Micrometer's names that promtool's lint refuses: process_cpu_time_ns_total (an abbreviated unit; it is
        // replaced by process_cpu_seconds_total, as Prometheus's own clients name it) and system_cpu_count (a _count
        // suffix on a gauge).
        m.registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        m.registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu.seconds", os, x -> x.getProcessCpuTime() / 1e9)
                    .description("CPU time used by this process (all threads)").register(m.registry);
        }
        new JvmMemoryMetrics().bindTo(m.registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(m.registry);
        m.closeables.add(gc);
        new JvmThreadMetrics().bindTo(m.registry);
        new ClassLoaderMetrics().bindTo(m.registry);
        new ProcessorMetrics().bindTo(m.registry);
        new UptimeMetrics().bindTo(m.registry);
        new FileDescriptorMetrics().bindTo(m.registry);
        Gauge.builder("stratmon.build.info", () -> 1)
                .description("stratmon's version (the value is always 1)")
                .tag("version", version()).tag("java_version", System.getProperty("java.version", "unknown"))
                .register(m.registry);
        return m;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Binds a set of meters; one that is also {@link Refreshing} is refreshed before every scrape. */
    public StratmonMetrics bind(MeterBinder binder) {
        binder.bindTo(registry);
        if (binder instanceof Refreshing r) beforeScrape.add(r::refresh);
        if (binder instanceof AutoCloseable c) closeables.add(c);
        return this;
    }

    /** Meters whose label sets change (files, alerts): re-registered from the latest state before a scrape. */
    public interface Refreshing {
        void refresh();
    }

    /** Everything, in Prometheus's text format. */
    public String scrape() {
        for (Runnable r : beforeScrape) r.run();
        return registry.scrape();
    }

    static String version() {
        try (InputStream in = StratmonMetrics.class.getResourceAsStream("/stratmon-version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Closing at exit: nothing left to tell.
            }
        }
        registry.close();
    }
}
