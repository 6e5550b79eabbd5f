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
 * A JSON line to its ILP bytes in the batch, per line, the whole conversion stage as the pipeline runs it (dedup keys
 * on, the table budget and the schema guard as the row check): the single-pass path ({@code FastConverter}) against
 * the general one (parse → map → check → encode), on the same lines as {@link ParseMapBenchmark}. With
 * {@code -prof gc}, {@code gc.alloc.rate.norm} divided by 1000 is the bytes allocated per line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(Lines.COUNT)
public class FastPathBenchmark {
    private static final String SRC = "1f2e3d4c5b6a7980";

    @Param({"reference", "mixed"})
    public String dataset;

    private Line[] lines;
    private LineConverter general;
    private FastConverter fast;
    private final IlpBatch batch = new IlpBatch(2);

    @Setup
    public void setup() {
        lines = Lines.lines(dataset);
        InputConfig input = Lines.input(dataset);
        general = LineConverter.of(input, check());
        RowCheck fastCheck = check();
        fast = FastConverter.of(input.mapping(), fastCheck);
        LineConverter fallback = LineConverter.of(input, fastCheck);
        // The first line of each table goes the general way (it teaches the check the table); then every line is fast.
        for (Line line : lines) {
            if (!fast.append(line, batch, SRC) && !(fallback.convert(line) instanceof Converted.Ok)) {
                throw new IllegalStateException("benchmark line does not convert: " + line.text());
            }
        }
        batch.clear();
        for (Line line : lines) {
            if (!fast.append(line, batch, SRC)) throw new IllegalStateException("benchmark line not on the fast path: " + line.text());
        }
    }

    private static RowCheck check() {
        return RowCheck.both(new TableBudget(TableBudget.Limits.defaults(), TableBudget.Schema.NONE, InstantSource.system()),
                new SchemaGuard(SchemaGuard.NONE, Clock.SYSTEM));
    }

    @Benchmark
    public int fastPath() {
        batch.clear();
        for (Line line : lines) fast.append(line, batch, SRC);
        return batch.size();
    }

    @Benchmark
    public int generalPath() {
        batch.clear();
        for (Line line : lines) {
            if (general.convert(line) instanceof Converted.Ok ok) batch.add(ok.row(), SRC, line.offset());
        }
        return batch.size();
    }
}
