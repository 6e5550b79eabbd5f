package io.stratmon.app.metrics;

import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.shipper.config.ListenAddress;
import io.stratmon.sql.SqlClient;

import java.util.List;

/**
 * What {@code stratmon ship} serves when {@code [shipper] metrics_listen} (or {@code --metrics-listen}) is set: the
 * shipper's meters and JVM metrics on {@code /metrics}, its checks on {@code /health} and {@code /ready}, on a
 * {@link MetricsServer}.
 */
public final class ShipperEndpoints implements AutoCloseable {
    private final StratmonMetrics metrics;
    private final MetricsServer server;
    private final ListenAddress address;

    private ShipperEndpoints(StratmonMetrics metrics, MetricsServer server, ListenAddress address) {
        this.metrics = metrics;
        this.server = server;
        this.address = address;
    }

    /** Null when the config asks for no listener (try-with-resources accepts it). */
    public static ShipperEndpoints start(Shipper shipper, ShipperConfig config) {
        if (config.metricsListen() == null) return null;
        ListenAddress address = ListenAddress.parse(config.metricsListen()); // validated with the config already
        StratmonMetrics metrics = StratmonMetrics.create().bind(new ShipperMeters(shipper));
        String url = config.sink().url();
        SqlClient sql = config.sink().isTcp() ? null : SqlClient.connect(url, config.sink().username(), config.sink().password());
        ShipperChecks checks = new ShipperChecks(shipper, sql, url);
        Endpoints endpoints = new Endpoints(metrics, List.of(checks.health()), List.of(checks.questDbReachable(), checks.notStuck()));
        try {
            MetricsServer server = MetricsServer.start(address, endpoints.routes());
            return new ShipperEndpoints(metrics, server, new ListenAddress(address.host(), server.port()));
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
    }

    /** {@code http://host:port/} as bound (port 0 resolved). */
    public String base() {
        return "http://" + address + "/";
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        metrics.close();
    }
}
