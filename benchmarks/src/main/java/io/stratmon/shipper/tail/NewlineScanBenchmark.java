package io.stratmon.shipper.tail;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Splitting a 64 KiB read buffer into lines, per buffer: the tailer's 8-bytes-at-a-time scan
 * ({@code Tailer.indexOfNewline}, package-private, hence this class's package) against a plain byte loop. Lines of
 * about 120 bytes (the reference format) and about 1 KiB (wide lines). Divide by the buffer's 65,536 bytes for ns/byte.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NewlineScanBenchmark {
    @Param({"120", "1000"})
    public int lineBytes;

    private final byte[] buf = new byte[64 * 1024];

    @Setup
    public void setup() {
        Random random = new Random(42);
        int next = 0;
        for (int i = 0; i < buf.length; i++) {
            if (i == next) {
                buf[i] = '\n';
                next = i + 1 + lineBytes / 2 + random.nextInt(lineBytes);
            } else {
                buf[i] = (byte) (' ' + random.nextInt(95)); // printable ASCII, as JSON lines mostly are
            }
        }
        if (wordAtATime() != baselineByteLoop()) throw new IllegalStateException("the two scans disagree");
    }

    @Benchmark
    public int wordAtATime() {
        int lines = 0;
        for (int i = Tailer.indexOfNewline(buf, 0, buf.length); i < buf.length; i = Tailer.indexOfNewline(buf, i + 1, buf.length)) {
            lines++;
        }
        return lines;
    }

    @Benchmark
    public int baselineByteLoop() {
        int lines = 0;
        for (int i = byteLoop(buf, 0, buf.length); i < buf.length; i = byteLoop(buf, i + 1, buf.length)) lines++;
        return lines;
    }

    private static int byteLoop(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') return i;
        }
        return to;
    }
}
