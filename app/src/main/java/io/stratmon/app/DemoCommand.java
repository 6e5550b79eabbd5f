package io.stratmon.app;

import io.javalin.Javalin;
import io.stratmon.alerts.AlertsConfig;
import io.stratmon.app.config.ConfigLoader;
import io.stratmon.app.config.StratmonConfig;
import io.stratmon.dashboard.DashboardConfig;
import io.stratmon.shipper.InputConfig;
import io.stratmon.dashboard.DashboardServer;
import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.store.EmbeddedQuestDb;
import io.stratmon.trader.DemoTrader;
import io.stratmon.trader.Profile;
import io.stratmon.trader.TraderOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stratmon demo}: the whole path in one process. Embedded QuestDB, the demo trader writing JSON lines,
 * the shipper tailing them into QuestDB, and the dashboard. Ctrl-C stops everything in reverse order.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run everything in one process: embedded QuestDB, demo trader, shipper and live dashboard.")
final class DemoCommand implements Callable<Integer> {
    static final String HOST = "127.0.0.1";

    @Option(names = "--data-dir", defaultValue = "stratmon-data",
            description = "QuestDB data, trader logs and shipper state. Running again continues with the same data. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--port", defaultValue = "7300",
            description = "Dashboard port (0 = any free port; a busy port falls back to a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--questdb-port", defaultValue = "7301",
            description = "QuestDB HTTP port: web console, SQL and ILP (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int questDbPort;

    @Option(names = "--rate", defaultValue = "20", description = "Demo trader events per second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--dashboards", paramLabel = "DIR",
            description = "A directory of your own dashboard files (TOML or JSON), shown next to the built-in ones.")
    Path dashboardsDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A stratmon.toml: its [questdb] (embedded data dir and ports), [shipper], [dashboard] and extra "
                    + "[[inputs]] are used; the demo trader's log is shipped as well. --data-dir and ports are then ignored.")
    Path config;

    @Option(names = "--alertmanager", paramLabel = "URL",
            description = "Send the demo's alerts to this Alertmanager (API v2), e.g. http://127.0.0.1:9093. Repeatable.")
    List<String> alertmanagers = new ArrayList<>();

    @Option(names = "--webhook", paramLabel = "URL", description = "POST the demo's alerts to this URL (Alertmanager's webhook payload, version 4). Repeatable.")
    List<String> webhooks = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        StopSignal stop = new StopSignal();
        boolean died = false;
        Path logs = dataDir.resolve("logs");
        // QuestDB's defaults (9000/9009/8812) are left alone: another QuestDB may run on this machine.
        EmbeddedQuestDb.Options dbOptions = EmbeddedQuestDb.Options.defaults(dataDir.resolve("questdb"))
                .withHttpPort(Ports.preferredOrFree(HOST, questDbPort))
                .withPgPort(Ports.preferredOrFree(HOST, questDbPort == 0 ? 0 : questDbPort + 1))
                .withIlpTcpPort(Ports.preferredOrFree(HOST, questDbPort == 0 ? 0 : questDbPort + 2));
        StratmonConfig fromFile = null;
        if (config != null) {
            fromFile = ConfigLoader.load(config, System.getenv(), false);
            if (!fromFile.questdb().embedded()) throw new IllegalArgumentException(config + ": demo runs an embedded QuestDB; remove questdb.url");
            fromFile.warnings().forEach(w -> System.err.println("warning: " + w));
            dbOptions = UpCommand.embeddedOptions(fromFile);
            logs = fromFile.questdb().dataDir().toAbsolutePath().getParent().resolve("logs");
        }
        try (EmbeddedQuestDb db = UpCommand.startEmbedded(dbOptions, config != null ? "questdb.data_dir" : "--data-dir");
             Shipper shipper = Shipper.prepare(UpCommand.toEmbedded(shipperConfig(fromFile, logs, db.httpUrl()), db));
             DemoTrader trader = new DemoTrader(TraderOptions.defaults(logs.resolve("trader.jsonl"))
                     .withProfile(Profile.STRATEGY).withRate(rate).withConsole(false).withFaults(true))) {
            ShipperWatch watch = new ShipperWatch(shipper, stop);
            Thread traderThread = new Thread(trader::run, "stratmon-demo-trader");
            traderThread.start();
            DashboardConfig dashboardConfig = fromFile != null ? UpCommand.dashboardConfig(fromFile.dashboard())
                    : DashboardConfig.defaults().withPort(Ports.preferredOrFree(HOST, port));
            if (dashboardsDir != null) dashboardConfig = dashboardConfig.withDashboardsDir(dashboardsDir);
            Alerting alerting = Alerting.start(demoAlerts(fromFile, dashboardConfig), config == null ? Path.of(".") : baseDir(config),
                    db.sqlClient());
            Observability ops = Observability.of(shipper, db.sqlClient(), db.httpUrl(), alerting);
            shipper.begin(); // after the meters: the histograms count every row
            Javalin dashboard = DashboardServer.create(db.sqlClient(), dashboardConfig, alerting.source(),
                    fromFile != null ? fromFile.dashboard().access() : io.stratmon.dashboard.access.AccessConfig.loopbackOnly(),
                    ops.routes()).start();
            try {
                System.out.println();
                System.out.println("stratmon demo is running");
                if (fromFile != null) UpCommand.printDashboard(fromFile.dashboard(), dashboard.port());
                else System.out.println("  dashboard        http://" + dashboardConfig.host() + ":" + dashboard.port() + "/");
                System.out.println("  prometheus       " + Observability.banner("http://" + dashboardConfig.host() + ":" + dashboard.port() + "/"));
                System.out.println("  QuestDB console  " + db.consoleUrl());
                printQuestDbLogins(db);
                System.out.println("  trader log       " + logs.resolve("trader.jsonl"));
                System.out.println("  data dir         " + (fromFile == null ? dataDir.toAbsolutePath() : db.dataDir().toAbsolutePath()));
                alerting.describe(demoAlerts(fromFile, dashboardConfig)).forEach(l -> System.out.println("  alerts           " + l));
                System.out.println("Press Ctrl-C to stop.");
                System.out.flush();
                stop.await();
                watch.stopping();
                died = watch.died(System.err);
                System.out.println("stopping…");
            } finally {
                trader.stop();
                traderThread.join(5_000);
                dashboard.stop();
                ops.close();
                alerting.close();
            }
        }
        System.out.println("stopped.");
        return died ? 1 : 0;
    }

    /** The built-in rules every 5 s (plus the config file's [alerts]), to the --alertmanager and --webhook targets. */
    private AlertsConfig demoAlerts(StratmonConfig fromFile, DashboardConfig dashboard) {
        AlertsConfig c = fromFile != null ? fromFile.alerts() : AlertsConfig.defaults().withEvaluationInterval(java.time.Duration.ofSeconds(5));
        List<String> rules = new ArrayList<>(c.rules());
        if (!rules.contains(Alerting.BUILTIN)) rules.add(0, Alerting.BUILTIN);
        List<String> ams = new ArrayList<>(c.alertmanagers());
        ams.addAll(alertmanagers);
        List<String> hooks = new ArrayList<>(c.webhooks());
        hooks.addAll(webhooks);
        AlertsConfig demo = c.withRules(rules).withAlertmanagers(ams).withWebhooks(hooks)
                .withExternalUrl("http://" + dashboard.host() + ":" + dashboard.port());
        List<String> problems = demo.problems().stream().map(p -> "--alertmanager/--webhook: " + p.message()).toList();
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        return demo;
    }

    /** Where the console and PGWire are, and where their logins are (the passwords stay in the 0600 file, off the terminal). */
    static void printQuestDbLogins(EmbeddedQuestDb db) {
        String user = db.credentials().user(), grafana = db.credentials().readOnlyUser();
        System.out.println("  QuestDB PGWire   " + HOST + ":" + db.pgPort() + " (user " + user + "; read-only user " + grafana + " for Grafana)");
        System.out.println("  QuestDB logins   " + db.credentialsFile() + " (console, /exec, ILP and PGWire ask for them)");
    }

    static Path baseDir(Path configFile) {
        Path parent = configFile.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    /** The demo trader's logs with the default mapping, plus the config file's inputs and settings when there is one. */
    private ShipperConfig shipperConfig(StratmonConfig fromFile, Path logs, String httpUrl) {
        InputConfig trader = InputConfig.of(List.of(logs.resolve("*.jsonl").toString()));
        if (fromFile == null) {
            return LabelOption.apply(ShipperConfig.of(trader.files(), httpUrl, dataDir.resolve("state")), List.of())
                    .withRetention(io.stratmon.shipper.sink.Retention.defaults()); // its own QuestDB: own tables' TTLs
        }
        List<InputConfig> inputs = new ArrayList<>(fromFile.shipper().inputs());
        inputs.add(0, trader);
        ShipperConfig c = fromFile.shipper();
        return LabelOption.apply(c.withInputs(inputs).withSink(c.sink().withUrl(httpUrl)), List.of());
    }
}
