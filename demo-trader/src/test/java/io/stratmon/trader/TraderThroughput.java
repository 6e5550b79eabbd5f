package io.stratmon.trader;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Prints how fast the trader writes to a file (console off) and what it costs in CPU. Not a test: no timing
 * assertion belongs in the build. Run it by hand:
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -q -pl demo-trader test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * cd demo-trader &amp;&amp; java -cp "$(cat target/cp.txt):target/classes:target/test-classes" \
 *     io.stratmon.trader.TraderThroughput [rate=1000000] [seconds=5] [profile=strategy] [rounds=3]
 * </pre>
 */
public final class TraderThroughput {
    public static void main(String[] args) throws Exception {
        double rate = args.length > 0 ? Double.parseDouble(args[0]) : TraderOptions.MAX_RATE;
        Duration duration = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
        Profile profile = args.length > 2 ? Profile.parse(args[2]) : Profile.STRATEGY;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "%s, %d cores, %s %s%n", System.getProperty("os.name"), os.getAvailableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        Path dir = Files.createTempDirectory("trader-throughput");
        for (int round = 1; round <= rounds; round++) {
            Path file = dir.resolve("round-" + round + ".jsonl");
            TraderOptions options = TraderOptions.defaults(file).withProfile(profile).withRate(rate)
                    .withDuration(duration).withConsole(false).withSeed(round);
            long cpuBefore = os.getProcessCpuTime();
            long started = System.nanoTime();
            long written;
            try (DemoTrader trader = new DemoTrader(options)) {
                written = trader.run();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
            long bytes = Files.size(file);
            System.out.printf(Locale.ROOT, "round %d: %,d %s events in %.2f s = %,.0f events/s, %.1f MB/s, %d bytes/line,"
                            + " CPU %.0f%% of one core%n", round, written, profile, seconds, written / seconds,
                    bytes / seconds / 1e6, bytes / Math.max(1, written), 100 * cpuSeconds / seconds);
            Files.delete(file);
        }
        Files.delete(dir);
    }
}
