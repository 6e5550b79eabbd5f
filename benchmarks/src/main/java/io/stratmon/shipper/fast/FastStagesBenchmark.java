package io.stratmon.shipper.fast;

import io.stratmon.benchmarks.Lines;
import io.stratmon.shipper.Converted;
import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.LineConverter;
import io.stratmon.shipper.mapping.RowCheck;
import io.stratmon.shipper.mapping.TimeFormat;
import io.stratmon.shipper.mapping.Timestamps;
import io.stratmon.shipper.sink.IlpBatch;
import io.stratmon.shipper.sink.SchemaGuard;
import io.stratmon.shipper.sink.TableBudget;
import io.stratmon.shipper.tail.Line;
import io.stratmon.shipper.time.Clock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

/**
 * The single-pass path by stage, per line (package-private classes, hence this package): {@code scan} reads the line
 * into its columns ({@code RowScan.read}: the JSON scan, key look-ups, number parsing and the time), {@code time} the
 * time alone ({@code TimeFormat.fastNanos} on the line's timestamp text, its minute kept from line to line), {@code whole} the scan plus writing the row
 * ({@code FastConverter.append}). Writing costs {@code whole - scan}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(Lines.COUNT)
public class FastStagesBenchmark {
    private static final String SRC = "1f2e3d4c5b6a7980";

    @Param({"reference", "bench", "mixed"})
    public String dataset;

    private Line[] lines;
    private int[] timeStarts, timeLengths;
    private FastConverter fast;
    private RowScan scan;
    private TimeFormat timeFormat;
    private final Timestamps.Minute minute = new Timestamps.Minute();
    private final IlpBatch batch = new IlpBatch(2);

    @Setup
    public void setup() {
        lines = Lines.lines(dataset);
        InputConfig input = Lines.input(dataset);
        RowCheck check = RowCheck.both(new TableBudget(TableBudget.Limits.defaults(), TableBudget.Schema.NONE, InstantSource.system()),
                new SchemaGuard(SchemaGuard.NONE, Clock.SYSTEM));
        fast = FastConverter.of(input.mapping(), check);
        LineConverter fallback = LineConverter.of(input, check);
        for (Line line : lines) {
            if (!fast.append(line, batch, SRC) && !(fallback.convert(line) instanceof Converted.Ok)) {
                throw new IllegalStateException("benchmark line does not convert: " + line.text());
            }
        }
        scan = new RowScan(input.mapping(), new String[0]);
        timeFormat = input.mapping().compiledTimeFormat();
        timeStarts = new int[lines.length];
        timeLengths = new int[lines.length];
        String key = "\"" + input.mapping().timeKey() + "\":";
        for (int i = 0; i < lines.length; i++) {
            String text = lines[i].text();
            int at = text.indexOf(key) + key.length();
            while (text.charAt(at) != '"') at++;
            timeStarts[i] = at + 1;
            timeLengths[i] = text.indexOf('"', at + 1) - at - 1;
            if (!scan.read(lines[i].buffer(), lines[i].start(), lines[i].length())) throw new IllegalStateException("not scanned: " + text);
        }
    }

    @Benchmark
    public long scan() {
        long sum = 0;
        for (Line line : lines) {
            scan.read(line.buffer(), line.start(), line.length());
            sum += scan.timeNanos;
        }
        return sum;
    }

    @Benchmark
    public long time() {
        long sum = 0;
        for (int i = 0; i < lines.length; i++) sum += timeFormat.fastNanos(lines[i].buffer(), timeStarts[i], timeLengths[i], minute);
        return sum;
    }

    @Benchmark
    public long whole() {
        batch.clear();
        for (Line line : lines) fast.append(line, batch, SRC);
        return batch.size();
    }
}
