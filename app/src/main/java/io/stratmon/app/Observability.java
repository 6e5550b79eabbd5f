package io.stratmon.app;

import io.stratmon.app.metrics.AlertMeters;
import io.stratmon.app.metrics.Endpoints;
import io.stratmon.app.metrics.Probe;
import io.stratmon.app.metrics.ShipperChecks;
import io.stratmon.app.metrics.ShipperMeters;
import io.stratmon.app.metrics.StratmonMetrics;
import io.stratmon.dashboard.OpsEndpoint;
import io.stratmon.shipper.Shipper;
import io.stratmon.sql.SqlClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /metrics}, {@code /health} and {@code /ready} as {@code up} and {@code demo} serve them on the dashboard's
 * port: the shipper's and the alert engine's meters, JVM metrics, and the checks of both.
 */
final class Observability implements AutoCloseable {
    private final StratmonMetrics metrics;
    private final Endpoints endpoints;

    private Observability(StratmonMetrics metrics, Endpoints endpoints) {
        this.metrics = metrics;
        this.endpoints = endpoints;
    }

    /**
     * @param questdb  QuestDB's SQL endpoint, null over tcp:// (then "reachable" means the shipper is not retrying)
     * @param shipper  null when this process ships nothing itself ({@code up} without inputs): then ready means QuestDB answers
     * @param alerting null when alerting is off
     */
    static Observability of(Shipper shipper, SqlClient questdb, String questDbUrl, Alerting alerting) {
        StratmonMetrics metrics = StratmonMetrics.create();
        List<Supplier<Probe.Check>> health = new ArrayList<>();
        List<Supplier<Probe.Check>> ready = new ArrayList<>();
        if (shipper != null) {
            metrics.bind(new ShipperMeters(shipper));
            ShipperChecks checks = new ShipperChecks(shipper, questdb, questDbUrl);
            health.add(checks.health());
            ready.addAll(List.of(checks.questDbReachable(), checks.notStuck()));
        } else {
            ready.add(() -> questdb.isUp() ? Probe.Check.pass("questdb", "reachable [url=" + questDbUrl + "]")
                    : Probe.Check.fail("questdb", "unreachable [url=" + questDbUrl + "]"));
        }
        if (alerting != null) {
            metrics.bind(new AlertMeters(alerting.engine()));
            health.add(AlertMeters.health(alerting.engine()));
        }
        return new Observability(metrics, new Endpoints(metrics, health, ready));
    }

    /** The routes for {@code DashboardServer.create}. */
    Map<String, OpsEndpoint> routes() {
        Map<String, OpsEndpoint> routes = new LinkedHashMap<>();
        endpoints.routes().forEach((path, answer) -> routes.put(path, () -> {
            Probe.Response r = answer.get();
            return new OpsEndpoint.Answer(r.status(), r.contentType(), r.body());
        }));
        return routes;
    }

    /** The banner line: where to scrape and probe. */
    static String banner(String base) {
        return base + "metrics  " + base + "health  " + base + "ready";
    }

    @Override
    public void close() {
        metrics.close();
    }
}
