package io.stratmon.app;

import io.stratmon.trader.DemoTrader;
import io.stratmon.trader.Profile;
import io.stratmon.trader.TraderOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code stratmon trader}: the demo trading app alone, writing JSON lines to a file (and the console). */
@Command(name = "trader", mixinStandardHelpOptions = true,
        description = "Run the demo trader: it logs JSON lines to a file and the console, like a real trading app.")
final class TraderCommand implements Callable<Integer> {
    @Option(names = "--log-file", description = "File to append JSON lines to (default: $LOG_FILE_NAME).")
    Path logFile;

    @Option(names = "--profile", defaultValue = "strategy",
            description = "seed (the reference's price_log every 0.5 s) or strategy (3 symbols, orders, fills, PnL). Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--rate", defaultValue = "2", description = "Events per second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--duration", converter = DurationConverter.class, description = "Stop after this long (e.g. 30s, 5m). Default: forever.")
    Duration duration;

    @Option(names = "--count", defaultValue = "0", description = "Stop after this many events (0 = no limit).")
    long count;

    @Option(names = "--seed", description = "Random seed, for a reproducible sequence of events.")
    Long seed;

    @Option(names = "--faults", description = "Inject incidents for alerts to fire on: from 20 s, every 3 minutes, the heartbeat pauses 35 s, "
            + "SOL-USD quotes stop 35 s, then 30 errors come within 3 s (strategy profile only).")
    boolean faults;

    @Option(names = {"-q", "--quiet"}, description = "Do not echo lines to the console (use for high rates).")
    boolean quiet;

    @Override
    public Integer call() {
        Path file = logFile;
        if (file == null) {
            String env = System.getenv("LOG_FILE_NAME");
            if (env == null || env.isBlank()) {
                throw new IllegalArgumentException("no log file: pass --log-file FILE or set LOG_FILE_NAME");
            }
            file = Path.of(env);
        }
        TraderOptions options = TraderOptions.defaults(file).withProfile(Profile.parse(profile)).withRate(rate)
                .withDuration(duration).withCount(count).withConsole(!quiet).withFaults(faults);
        if (seed != null) options = options.withSeed(seed);
        List<String> problems = options.problems();
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        StopSignal stop = new StopSignal();
        try (DemoTrader trader = new DemoTrader(options)) {
            Thread watcher = new Thread(() -> {
                stop.await();
                trader.stop();
            }, "stratmon-trader-stop");
            watcher.setDaemon(true);
            watcher.start();
            long written = trader.run();
            System.err.println("trader wrote " + written + " events to " + file);
        }
        return 0;
    }
}
