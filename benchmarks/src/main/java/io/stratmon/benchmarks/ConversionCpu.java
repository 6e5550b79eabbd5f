package io.stratmon.benchmarks;

import io.stratmon.shipper.Converted;
import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.LineConverter;
import io.stratmon.shipper.fast.FastConverter;
import io.stratmon.shipper.mapping.RowCheck;
import io.stratmon.shipper.sink.IlpBatch;
import io.stratmon.shipper.sink.SchemaGuard;
import io.stratmon.shipper.sink.TableBudget;
import io.stratmon.shipper.tail.Line;
import io.stratmon.shipper.time.Clock;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.InstantSource;
import java.util.Locale;

/**
 * The same comparison as {@link FastPathBenchmark} measured in CPU time of the measuring thread (ThreadMXBean), so a
 * busy shared machine changes the figure far less than wall time: rounds of the fast and the general path in turn
 * (A, B, A, B...), the median CPU ns per line of each. Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.stratmon.benchmarks.ConversionCpu [rounds]}.
 */
public final class ConversionCpu {
    private static final String SRC = "1f2e3d4c5b6a7980";

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (String dataset : new String[]{"reference", "mixed"}) {
            Line[] lines = Lines.lines(dataset);
            InputConfig input = Lines.input(dataset);
            LineConverter general = LineConverter.of(input, check());
            RowCheck fastCheck = check();
            FastConverter fast = FastConverter.of(input.mapping(), fastCheck);
            LineConverter fallback = LineConverter.of(input, fastCheck);
            IlpBatch batch = new IlpBatch(2);
            for (Line line : lines) if (!fast.append(line, batch, SRC)) fallback.convert(line);
            long[] a = new long[rounds], b = new long[rounds];
            int repeat = 200; // 200,000 lines a round
            for (int r = -10; r < rounds; r++) { // 10 rounds of warm-up
                long t0 = cpu.getCurrentThreadCpuTime();
                for (int k = 0; k < repeat; k++) {
                    batch.clear();
                    for (Line line : lines) fast.append(line, batch, SRC);
                }
                long t1 = cpu.getCurrentThreadCpuTime();
                for (int k = 0; k < repeat; k++) {
                    batch.clear();
                    for (Line line : lines) {
                        if (general.convert(line) instanceof Converted.Ok ok) batch.add(ok.row(), SRC, line.offset());
                    }
                }
                long t2 = cpu.getCurrentThreadCpuTime();
                if (r >= 0) {
                    a[r] = t1 - t0;
                    b[r] = t2 - t1;
                }
            }
            double perLine = repeat * (double) lines.length;
            System.out.printf(Locale.ROOT, "%-9s fast %6.0f ns/line  general %6.0f ns/line  (CPU, median of %d rounds of %d lines)%n",
                    dataset, median(a) / perLine, median(b) / perLine, rounds, (int) perLine);
        }
    }

    private static RowCheck check() {
        return RowCheck.both(new TableBudget(TableBudget.Limits.defaults(), TableBudget.Schema.NONE, InstantSource.system()),
                new SchemaGuard(SchemaGuard.NONE, Clock.SYSTEM));
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
