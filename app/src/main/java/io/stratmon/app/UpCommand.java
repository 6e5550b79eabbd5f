package io.stratmon.app;

import io.javalin.Javalin;
import io.stratmon.app.config.ConfigLoader;
import io.stratmon.app.config.StratmonConfig;
import io.stratmon.dashboard.DashboardConfig;
import io.stratmon.dashboard.DashboardServer;
import io.stratmon.dashboard.alerts.AlertStatusSource;
import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.sql.SqlClient;
import io.stratmon.store.EmbeddedQuestDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stratmon up --config stratmon.toml}: runs what the config file says, in one process: an embedded QuestDB
 * (or an external one at {@code questdb.url}), the shipper with its inputs, and the dashboard. No demo trader.
 * Ctrl-C stops everything in reverse order.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run what a stratmon.toml says: embedded or external QuestDB, the shipper's inputs, the dashboard.")
final class UpCommand implements Callable<Integer> {
    @Option(names = "--config", defaultValue = "stratmon.toml", paramLabel = "FILE", description = "The config file. Default: ${DEFAULT-VALUE}.")
    Path config;

    @Option(names = "--label", paramLabel = "NAME=VALUE", description = LabelOption.DESCRIPTION)
    List<String> labels;

    @Override
    public Integer call() throws Exception {
        StratmonConfig c = ConfigLoader.load(config, System.getenv());
        c.warnings().forEach(w -> System.err.println("warning: " + w));
        StopSignal stop = new StopSignal();
        EmbeddedQuestDb db = null;
        boolean died = false;
        try {
            String httpUrl;
            ShipperConfig shipperConfig = LabelOption.apply(c.shipper(), labels);
            if (c.questdb().embedded()) {
                db = EmbeddedQuestDb.start(embeddedOptions(c));
                httpUrl = db.httpUrl();
                shipperConfig = shipperConfig.withSink(shipperConfig.sink().withUrl(httpUrl));
            } else {
                httpUrl = c.questdb().url().startsWith("tcp://") ? null : c.questdb().url();
            }
            try (Shipper shipper = Shipper.start(shipperConfig)) {
                ShipperWatch watch = new ShipperWatch(shipper, stop);
                Javalin dashboard = null;
                Alerting alerting = null;
                DashboardConfig dashboardConfig = dashboardConfig(c.dashboard());
                if (c.alerts().enabled()) {
                    if (httpUrl == null) throw new IllegalArgumentException("alerts need QuestDB's HTTP endpoint: set questdb.url to http://…, not tcp://");
                    alerting = Alerting.start(c.alerts().withExternalUrl("http://" + dashboardConfig.host() + ":" + dashboardConfig.port()),
                            DemoCommand.baseDir(config), SqlClient.connect(httpUrl, c.questdb().username(), c.questdb().password()));
                }
                if (c.dashboard().enabled() && httpUrl != null) {
                    dashboard = DashboardServer.create(SqlClient.connect(httpUrl, c.questdb().username(), c.questdb().password()),
                            dashboardConfig, alerting == null ? AlertStatusSource.NONE : alerting.source()).start();
                }
                try {
                    System.out.println("stratmon is running (" + config + ")");
                    if (dashboard != null) System.out.println("  dashboard        http://" + c.dashboard().host() + ":" + dashboard.port() + "/");
                    if (db != null) {
                        System.out.println("  QuestDB console  " + db.consoleUrl());
                        System.out.println("  QuestDB PGWire   " + DemoCommand.HOST + ":" + db.pgPort() + " (user admin, password quest)");
                    } else {
                        System.out.println("  QuestDB          " + c.questdb().url());
                    }
                    shipperConfig.inputs().forEach(i -> System.out.println("  shipping         " + i.files() + " (preset " + i.mapping().preset() + ")"));
                    System.out.println("  state dir        " + shipperConfig.stateDir().toAbsolutePath());
                    if (alerting != null) alerting.describe(c.alerts()).forEach(l -> System.out.println("  alerts           " + l));
                    System.out.println("Press Ctrl-C to stop.");
                    System.out.flush();
                    stop.await();
                    watch.stopping();
                    died = watch.died(System.err);
                    System.out.println("stopping…");
                } finally {
                    if (dashboard != null) dashboard.stop();
                    if (alerting != null) alerting.close();
                }
            }
        } finally {
            if (db != null) db.close();
        }
        System.out.println("stopped.");
        return died ? 1 : 0;
    }

    /** The dashboard's settings from the [dashboard] section (a busy port falls back to a free one). */
    static DashboardConfig dashboardConfig(StratmonConfig.Dashboard d) {
        DashboardConfig config = DashboardConfig.defaults().withHost(d.host()).withPort(Ports.preferredOrFree(d.host(), d.port()));
        return d.dashboardsDir() == null ? config : config.withDashboardsDir(d.dashboardsDir());
    }

    static EmbeddedQuestDb.Options embeddedOptions(StratmonConfig c) {
        StratmonConfig.QuestDb q = c.questdb();
        return EmbeddedQuestDb.Options.defaults(q.dataDir())
                .withHttpPort(Ports.preferredOrFree(DemoCommand.HOST, q.httpPort()))
                .withPgPort(Ports.preferredOrFree(DemoCommand.HOST, q.pgPort()))
                .withIlpTcpPort(Ports.preferredOrFree(DemoCommand.HOST, q.ilpTcpPort()));
    }
}
