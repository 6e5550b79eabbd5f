package io.stratmon.benchmarks;

import io.stratmon.shipper.fast.FastStagesBenchmark;
import io.stratmon.shipper.tail.BatchBuildBenchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The stages of {@link FastStagesBenchmark} and {@link BatchBuildBenchmark} measured in CPU time of the measuring
 * thread (ThreadMXBean) instead of JMH's wall time, which a machine shared with other builds makes useless: rounds of
 * every stage in turn, the median CPU ns per line of each. Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.stratmon.benchmarks.StagesCpu [rounds]}.
 */
public final class StagesCpu {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (String dataset : new String[]{"reference", "bench", "mixed"}) {
            BatchBuildBenchmark read = new BatchBuildBenchmark();
            read.dataset = dataset;
            read.setup();
            FastStagesBenchmark fast = new FastStagesBenchmark();
            fast.dataset = dataset;
            fast.setup();
            String[] names = {"read (split+collect)", "time", "scan (json+keys+time)", "scan+write"};
            LongSupplier[] stages = {read::splitAndCollect, fast::time, fast::scan, fast::whole};
            long[][] cpuNs = new long[stages.length][rounds];
            long sink = 0;
            int repeat = 200;
            for (int r = -10; r < rounds; r++) {
                for (int s = 0; s < stages.length; s++) {
                    long t0 = cpu.getCurrentThreadCpuTime();
                    for (int k = 0; k < repeat; k++) sink += stages[s].getAsLong();
                    long t1 = cpu.getCurrentThreadCpuTime();
                    if (r >= 0) cpuNs[s][r] = t1 - t0;
                }
            }
            double perLine = repeat * (double) Lines.COUNT;
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-9s", dataset));
            for (int s = 0; s < stages.length; s++) {
                out.append(String.format(Locale.ROOT, "  %s %.0f", names[s], median(cpuNs[s]) / perLine));
            }
            System.out.println(out.append("  ns/line (CPU, median of ").append(rounds).append(" rounds)").append(sink == 42 ? "!" : ""));
        }
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
