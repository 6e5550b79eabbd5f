package io.stratmon.app;

import io.javalin.Javalin;
import io.stratmon.app.config.ConfigLoader;
import io.stratmon.app.config.StratmonConfig;
import io.stratmon.dashboard.DashboardConfig;
import io.stratmon.dashboard.DashboardServer;
import io.stratmon.dashboard.access.AccessGuard;
import io.stratmon.dashboard.alerts.AlertStatusSource;
import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.shipper.sink.RetentionKeeper;
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
 * Without {@code [[inputs]]} (a central host where only agents ship) it runs QuestDB, the dashboard and the alerts and
 * ships nothing itself. Ctrl-C stops everything in reverse order.
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
        StratmonConfig c = ConfigLoader.load(config, System.getenv(), false);
        c.warnings().forEach(w -> System.err.println("warning: " + w));
        boolean shipsNothing = c.shipper().inputs().isEmpty();
        if (shipsNothing) requireSomethingToRun(c, config);
        StopSignal stop = new StopSignal();
        EmbeddedQuestDb db = null;
        Shipper shipper = null;
        RetentionKeeper retention = null;
        boolean died = false;
        try {
            String httpUrl;
            ShipperConfig shipperConfig = LabelOption.apply(c.shipper(), labels);
            if (c.questdb().embedded()) {
                db = startEmbedded(embeddedOptions(c), "questdb.data_dir");
                httpUrl = db.httpUrl();
                shipperConfig = toEmbedded(shipperConfig, db);
            } else {
                httpUrl = c.questdb().url().startsWith("tcp://") ? null : c.questdb().url();
            }
            ShipperWatch watch = null;
            if (!shipsNothing) {
                shipper = Shipper.prepare(shipperConfig); // begins once the meters are bound, below
                watch = new ShipperWatch(shipper, stop);
            } else if (httpUrl != null && shipperConfig.retention().appliesToAny()) {
                // The shipper applies [retention]; without one, this process still owns the TTLs of its QuestDB.
                retention = RetentionKeeper.start(sqlClient(db, httpUrl, c), shipperConfig.retention());
            }
            Javalin dashboard = null;
            Alerting alerting = null;
            DashboardConfig dashboardConfig = dashboardConfig(c.dashboard());
            Observability ops = null;
            try {
                if (c.alerts().enabled()) {
                    if (httpUrl == null) throw new IllegalArgumentException("alerts need QuestDB's HTTP endpoint: set questdb.url to http://…, not tcp://");
                    alerting = Alerting.start(c.alerts().withExternalUrl("http://" + dashboardConfig.host() + ":" + dashboardConfig.port()),
                            DemoCommand.baseDir(config), sqlClient(db, httpUrl, c));
                }
                if (c.dashboard().enabled() && httpUrl != null) {
                    SqlClient sql = sqlClient(db, httpUrl, c);
                    ops = Observability.of(shipper, sql, httpUrl, alerting);
                    dashboard = DashboardServer.create(sql, dashboardConfig, alerting == null ? AlertStatusSource.NONE : alerting.source(),
                            c.dashboard().access(), ops.routes()).start();
                }
                if (shipper != null) shipper.begin(); // after the meters: the histograms count every row
                System.out.println("stratmon is running (" + config + ")");
                if (dashboard != null) {
                    printDashboard(c.dashboard(), dashboard.port());
                    System.out.println("  prometheus       " + Observability.banner(
                            "http://" + AccessGuard.urlHost(c.dashboard().host()) + ":" + dashboard.port() + "/"));
                }
                if (db != null) {
                    System.out.println("  QuestDB console  " + db.consoleUrl());
                    DemoCommand.printQuestDbLogins(db);
                } else {
                    System.out.println("  QuestDB          " + c.questdb().url());
                }
                if (shipsNothing) System.out.println("  shipping         nothing itself (no [[inputs]]): agents ship to this QuestDB with `stratmon ship`");
                shipperConfig.inputs().forEach(i -> System.out.println("  shipping         " + i.files() + " (preset " + i.mapping().preset() + ")"));
                if (!shipsNothing) System.out.println("  state dir        " + shipperConfig.stateDir().toAbsolutePath());
                if (alerting != null) alerting.describe(c.alerts()).forEach(l -> System.out.println("  alerts           " + l));
                System.out.println("Press Ctrl-C to stop.");
                System.out.flush();
                stop.await();
                if (watch != null) {
                    watch.stopping();
                    died = watch.died(System.err);
                }
                System.out.println("stopping…");
            } finally {
                if (dashboard != null) dashboard.stop();
                if (ops != null) ops.close();
                if (alerting != null) alerting.close();
            }
        } finally {
            if (retention != null) retention.close();
            if (shipper != null) shipper.close();
            if (db != null) db.close();
        }
        System.out.println("stopped.");
        return died ? 1 : 0;
    }

    /**
     * {@code up} without {@code [[inputs]]} (a central host where only agents ship) runs QuestDB, the dashboard and the
     * alerts. With an external QuestDB, no dashboard and no alert rules, it would run nothing at all: that is a mistake.
     */
    static void requireSomethingToRun(StratmonConfig c, Path config) {
        if (c.questdb().embedded() || c.dashboard().enabled() || c.alerts().enabled()) return;
        throw new IllegalArgumentException(config + ": nothing to run: no [[inputs]] to ship, [dashboard] enabled = false, no [alerts] rules"
                + " and an external QuestDB (questdb.url); add an [[inputs]] table, turn the dashboard on or give [alerts] rules");
    }

    /** The dashboard's URL and, with a token, the login link (the token is printed: it is what opens the dashboard). */
    static void printDashboard(StratmonConfig.Dashboard d, int port) {
        String base = "http://" + AccessGuard.urlHost(d.host()) + ":" + port;
        System.out.println("  dashboard        " + base + "/");
        if (d.access().token() != null) {
            System.out.println("  login link       " + base + "/login?token=" + d.access().token() + " (sets a cookie; API clients send Authorization: Bearer)");
        }
    }

    /** The shipper pointed at the embedded QuestDB, logged in. */
    static ShipperConfig toEmbedded(ShipperConfig c, EmbeddedQuestDb db) {
        return c.withSink(c.sink().withUrl(db.httpUrl())).withCredentials(db.credentials().user(), db.credentials().password());
    }

    /** A SQL client for the embedded QuestDB (its generated login) or the external one ({@code [questdb] username/password}). */
    private static SqlClient sqlClient(EmbeddedQuestDb db, String httpUrl, StratmonConfig c) {
        return db != null ? db.sqlClient() : SqlClient.connect(httpUrl, c.questdb().username(), c.questdb().password());
    }

    /** The dashboard's settings from the [dashboard] section (a busy port falls back to a free one). */
    static DashboardConfig dashboardConfig(StratmonConfig.Dashboard d) {
        DashboardConfig config = DashboardConfig.defaults().withHost(d.host()).withPort(Ports.preferredOrFree(d.host(), d.port()));
        return d.dashboardsDir() == null ? config : config.withDashboardsDir(d.dashboardsDir());
    }

    /**
     * Starts the embedded QuestDB; a data dir it cannot use (a file in the way, no permission) is one line naming
     * {@code key} and the path, not a stack trace.
     */
    static EmbeddedQuestDb startEmbedded(EmbeddedQuestDb.Options options, String key) {
        try {
            return EmbeddedQuestDb.start(options);
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalStateException(key + ": the embedded QuestDB cannot use its data dir [path=" + options.dataDir().toAbsolutePath()
                    + ", error=" + e.getCause() + "]: make it a directory this user can write (or point " + key + " elsewhere)");
        }
    }

    static EmbeddedQuestDb.Options embeddedOptions(StratmonConfig c) {
        StratmonConfig.QuestDb q = c.questdb();
        return EmbeddedQuestDb.Options.defaults(q.dataDir())
                .withHttpPort(Ports.preferredOrFree(DemoCommand.HOST, q.httpPort()))
                .withPgPort(Ports.preferredOrFree(DemoCommand.HOST, q.pgPort()))
                .withIlpTcpPort(Ports.preferredOrFree(DemoCommand.HOST, q.ilpTcpPort()));
    }
}
