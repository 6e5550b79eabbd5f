package io.stratmon.app;

import io.stratmon.app.config.ConfigLoader;
import io.stratmon.app.config.StratmonConfig;
import io.stratmon.app.config.TelegrafConfig;
import io.stratmon.app.metrics.ShipperEndpoints;
import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.shipper.TailConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stratmon ship}: the shipper alone, as an agent on a trading host, against an external QuestDB. The files and
 * mapping come from {@code --file} (default mapping), {@code --config stratmon.toml} or {@code --telegraf telegraf.conf}.
 */
@Command(name = "ship", mixinStandardHelpOptions = true,
        description = "Tail JSON-lines log files and ship every line into QuestDB (ILP over HTTP or TCP), until Ctrl-C.")
final class ShipCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, arity = "1..*", paramLabel = "GLOB",
            description = "Log file path or glob (repeatable), e.g. 'logs/*.jsonl'. Quote globs so the shell leaves them alone.")
    List<String> files;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A stratmon.toml: inputs with their mapping, questdb.url, shipper settings (instead of --file).")
    Path config;

    @Option(names = "--telegraf", paramLabel = "FILE",
            description = "A Telegraf config ([[inputs.tail]] with the json parser, and an ILP output): ship what Telegraf would.")
    Path telegraf;

    @Option(names = "--questdb", defaultValue = "http://127.0.0.1:9000", paramLabel = "URL",
            description = "QuestDB HTTP URL (ILP over HTTP). Default: ${DEFAULT-VALUE}.")
    String questdb;

    @Option(names = "--user", description = "QuestDB HTTP user (http.user), if it requires one.")
    String user;

    @Option(names = "--password", description = "QuestDB HTTP password (or set QUESTDB_PASSWORD).", defaultValue = "${env:QUESTDB_PASSWORD}")
    String password;

    @Option(names = "--state-dir", defaultValue = "stratmon-data/state",
            description = "Where checkpoints and dead letters live. Default: ${DEFAULT-VALUE}.")
    Path stateDir;

    @Option(names = "--from", defaultValue = "beginning",
            description = "Where to start in files never seen before: beginning or end. Default: ${DEFAULT-VALUE}.")
    String from;

    @Option(names = "--dedup", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --file: deduplicate replays by creating tables with DEDUP UPSERT KEYS(timestamp, _src, _offset). "
                    + "--no-dedup leaves table creation to ILP (no extra columns; a crash may then duplicate rows). "
                    + "With --config, use the shipper.dedup key.")
    boolean dedup;

    @Option(names = "--label", paramLabel = "NAME=VALUE", description = LabelOption.DESCRIPTION)
    List<String> labels;

    @Option(names = "--metrics-listen", paramLabel = "HOST:PORT",
            description = "Serve Prometheus /metrics, /health and /ready here, e.g. 127.0.0.1:9464 (or [shipper] metrics_listen).")
    String metricsListen;

    @Option(names = "--metrics-allow-remote",
            description = "Allow a non-loopback --metrics-listen address (the endpoints have no login; they carry no secrets).")
    boolean metricsAllowRemote;

    @Override
    public Integer call() throws Exception {
        int sources = (files != null ? 1 : 0) + (config != null ? 1 : 0) + (telegraf != null ? 1 : 0);
        if (sources != 1) throw new IllegalArgumentException("give exactly one of --file, --config or --telegraf");
        ShipperConfig shipperConfig;
        if (config != null) {
            StratmonConfig c = ConfigLoader.load(config, System.getenv());
            if (c.questdb().embedded()) {
                throw new IllegalArgumentException(config + ": ship needs questdb.url (an external QuestDB); use 'stratmon up --config "
                        + config + "' to run an embedded one");
            }
            c.warnings().forEach(w -> System.err.println("warning: " + w));
            shipperConfig = c.shipper();
        } else if (telegraf != null) {
            TelegrafConfig.Result r = TelegrafConfig.load(telegraf, System.getenv(), stateDir);
            r.warnings().forEach(w -> System.err.println("warning: " + w));
            shipperConfig = r.shipper();
        } else {
            TailConfig.ReadFrom readFrom = switch (from.toLowerCase()) {
                case "beginning" -> TailConfig.ReadFrom.BEGINNING;
                case "end" -> TailConfig.ReadFrom.END;
                default -> throw new IllegalArgumentException("--from must be beginning or end [value=" + from + "]");
            };
            shipperConfig = ShipperConfig.of(files, questdb, stateDir);
            shipperConfig = shipperConfig.withTail(shipperConfig.tail().withReadFrom(readFrom)).withDedup(dedup);
            if (user != null) shipperConfig = shipperConfig.withSink(shipperConfig.sink().withCredentials(user, password));
            if (shipperConfig.sink().isTcp()) {
                System.err.println("warning: " + ConfigLoader.tcpWarning());
                if (dedup) System.err.println("warning: --dedup needs ILP over HTTP (tables are created over HTTP): it is off with a tcp:// url");
                shipperConfig = shipperConfig.withDedup(false);
            }
        }
        shipperConfig = LabelOption.apply(shipperConfig, labels);

        if (metricsListen != null) shipperConfig = shipperConfig.withMetricsListen(metricsListen);
        if (metricsAllowRemote) shipperConfig = shipperConfig.withMetricsAllowRemote(true);
        String busy = metricsAddressInUse(shipperConfig.metricsListen());
        if (busy != null) {
            System.err.println("error: " + busy);
            return 2;
        }
        StopSignal stop = new StopSignal();
        try (Shipper shipper = Shipper.prepare(shipperConfig);
             ShipperEndpoints endpoints = ShipperEndpoints.start(shipper, shipperConfig);
             BackfillProgress progress = new BackfillProgress(shipper::status, () -> shipper.metrics().linesRead(),
                     System.console() != null, System.err).start()) {
            shipper.begin(); // after the meters: the lag and batch histograms count every row the counters count
            System.err.println("shipping " + shipperConfig.inputs().stream().flatMap(i -> i.files().stream()).toList() + " to "
                    + shipperConfig.sink().url() + " (state in " + shipperConfig.stateDir() + "); Ctrl-C to stop");
            if (endpoints != null) System.err.println("metrics on " + endpoints.base() + "metrics (and /health, /ready)");
            Thread watchdog = new Thread(() -> {
                while (shipper.isRunning()) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                stop.trigger();
            }, "stratmon-ship-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            stop.await();
            return shipper.failure() == null ? 0 : 1;
        }
    }

    /**
     * Why the metrics address cannot be listened on, or null when it can (or none is asked): checked before the shipper
     * starts, so a busy port stops {@code ship} at once instead of after it has begun shipping.
     */
    static String metricsAddressInUse(String listen) {
        if (listen == null) return null;
        io.stratmon.shipper.config.ListenAddress address = io.stratmon.shipper.config.ListenAddress.parse(listen);
        if (address.port() == 0) return null;
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(address.host(), address.port()));
            return null;
        } catch (java.io.IOException e) {
            return "cannot listen for metrics on " + listen + " (--metrics-listen or [shipper] metrics_listen): " + e.getMessage()
                    + "; another process may hold the port: choose a free one or stop that process";
        }
    }
}
