package io.stratmon.app.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /metrics}, {@code /health} and {@code /ready} of one process, served by {@link MetricsServer} (ship) or by the
 * dashboard (up, demo).
 */
public final class Endpoints {
    public static final String METRICS = "/metrics";
    public static final String HEALTH = "/health";
    public static final String READY = "/ready";

    private final StratmonMetrics metrics;
    private final Probe health;
    private final Probe ready;

    public Endpoints(StratmonMetrics metrics, List<Supplier<Probe.Check>> health, List<Supplier<Probe.Check>> ready) {
        this.metrics = metrics;
        this.health = new Probe(health);
        this.ready = new Probe(ready);
    }

    public Probe.Response metrics() {
        return new Probe.Response(200, StratmonMetrics.CONTENT_TYPE, metrics.scrape());
    }

    public Probe.Response health() {
        return health.answer();
    }

    public Probe.Response ready() {
        return ready.answer();
    }

    /** Path → answer, for a server to register. */
    public Map<String, Supplier<Probe.Response>> routes() {
        Map<String, Supplier<Probe.Response>> routes = new LinkedHashMap<>();
        routes.put(METRICS, this::metrics);
        routes.put(HEALTH, this::health);
        routes.put(READY, this::ready);
        return routes;
    }
}
