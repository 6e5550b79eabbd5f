package io.stratmon.app;

import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.shipper.TailConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code stratmon ship}: the shipper alone, as an agent on a trading host, against an external QuestDB. */
@Command(name = "ship", mixinStandardHelpOptions = true,
        description = "Tail JSON-lines log files and ship every line into QuestDB (ILP over HTTP), until Ctrl-C.")
final class ShipCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, required = true, arity = "1..*", paramLabel = "GLOB",
            description = "Log file path or glob (repeatable), e.g. 'logs/*.jsonl'. Quote globs so the shell leaves them alone.")
    List<String> files;

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
            description = "Deduplicate replays: create tables with DEDUP UPSERT KEYS(timestamp, _src, _offset). "
                    + "--no-dedup leaves table creation to ILP (no extra columns; a crash may then duplicate rows).")
    boolean dedup;

    @Override
    public Integer call() {
        TailConfig.ReadFrom readFrom = switch (from.toLowerCase()) {
            case "beginning" -> TailConfig.ReadFrom.BEGINNING;
            case "end" -> TailConfig.ReadFrom.END;
            default -> throw new IllegalArgumentException("--from must be beginning or end [value=" + from + "]");
        };
        ShipperConfig config = ShipperConfig.of(files, questdb, stateDir);
        config = config.withTail(config.tail().withReadFrom(readFrom)).withDedup(dedup);
        if (user != null) config = config.withSink(config.sink().withCredentials(user, password));
        StopSignal stop = new StopSignal();
        try (Shipper shipper = Shipper.start(config);
             BackfillProgress progress = new BackfillProgress(shipper::status, () -> shipper.metrics().linesRead(),
                     System.console() != null, System.err).start()) {
            System.err.println("shipping " + files + " to " + questdb + " (state in " + stateDir + "); Ctrl-C to stop");
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
}
