package io.stratmon.shipper;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A shipper alone in its own process, for tests that need one (file-descriptor limits, CPU): {@code GLOB URL STATE
 * [metrics]} ({@code metrics}: write the {@code stratmon_shipper} rows on the default schedule; without it, none).
 * {@code -Dstratmon.poll.ms=N} sets {@code poll_interval}. On SIGTERM it prints the CPU time of each of its threads ({@code thread-cpu NAME MILLIS}), the evidence of where a
 * measured share of a core went.
 */
public final class ShipperMain {
    private ShipperMain() {}

    public static void main(String[] args) throws Exception {
        // args: glob, QuestDB URL, state dir, then optionally a login (user password) and the word "metrics"
        ShipperConfig config = ShipperConfig.of(List.of(args[0]), args[1], Path.of(args[2]));
        List<String> rest = new java.util.ArrayList<>(List.of(args).subList(3, args.length));
        boolean metrics = rest.remove("metrics");
        if (rest.size() >= 2) config = config.withCredentials(rest.get(0), rest.get(1));
        Long pollMs = Long.getLong("stratmon.poll.ms");
        if (pollMs != null) config = config.withTail(config.tail().withPollInterval(Duration.ofMillis(pollMs)));
        if (!metrics) config = config.withMetricsInterval(Duration.ZERO);
        Runtime.getRuntime().addShutdownHook(new Thread(ShipperMain::printThreadCpu));
        try (Shipper shipper = Shipper.start(config)) {
            System.out.println("started");
            while (shipper.isRunning()) Thread.sleep(200);
            System.out.println("stopped: " + shipper.failure());
        }
    }

    private static void printThreadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            long nanos = threads.getThreadCpuTime(e.getKey().getId());
            if (nanos > 0) lines.add(String.format("thread-cpu %-40s %8d ms", e.getKey().getName(), nanos / 1_000_000));
        }
        lines.sort(null);
        lines.forEach(System.out::println);
        System.out.flush();
    }
}
