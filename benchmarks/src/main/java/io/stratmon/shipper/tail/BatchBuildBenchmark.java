package io.stratmon.shipper.tail;

import io.stratmon.benchmarks.Lines;
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

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reading stage, per line: a read buffer of the dataset's lines split at its newlines and collected into a
 * {@link Batch} (the copy of each line into the batch's chunk and its item), as {@code Tailer.drainLines} does.
 * {@code gc.alloc.rate.norm / 1000} under {@code -prof gc} is the bytes allocated per line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(Lines.COUNT)
public class BatchBuildBenchmark {
    @Param({"reference", "bench", "mixed"})
    public String dataset;

    private byte[] buf;
    private final FileSource source = new FileSource(Path.of("bench.log"), FileId.UNKNOWN, 0);
    private final Batch.Chunks pool = new Batch.Chunks(4);

    @Setup
    public void setup() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] line : Lines.bytes(dataset)) {
            out.writeBytes(line);
            out.write('\n');
        }
        buf = out.toByteArray();
    }

    @Benchmark
    public long splitAndCollect() {
        Batch.Builder builder = new Batch.Builder(pool);
        int head = 0;
        long offset = 0;
        for (int i = Tailer.indexOfNewline(buf, 0, buf.length); i < buf.length; i = Tailer.indexOfNewline(buf, head, buf.length)) {
            long next = offset + (i + 1 - head);
            builder.accept(source, offset, next, buf, head, i - head);
            head = i + 1;
            offset = next;
        }
        Batch batch = builder.build(List.of());
        int lines = batch.lines();
        batch.recycle();
        return lines;
    }
}
