package io.stratmon.benchmarks;

import io.stratmon.shipper.mapping.Timestamps;
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

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * ISO-8601 timestamps to epoch nanoseconds, per timestamp: our fast path ({@code Timestamps.parseIsoNanos}) against
 * {@code java.time} ({@code OffsetDateTime.parse} with {@code ISO_OFFSET_DATE_TIME}, the fast path's own fallback),
 * for {@code Z} with microseconds (what most JSON loggers write) and a {@code +02:00} offset with milliseconds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(TimestampBenchmark.COUNT)
public class TimestampBenchmark {
    static final int COUNT = 1000;

    @Param({"utc-micros", "offset-millis"})
    public String shape;

    private String[] texts;

    @Setup
    public void setup() {
        texts = new String[COUNT];
        for (int i = 0; i < COUNT; i++) {
            texts[i] = "utc-micros".equals(shape)
                    ? String.format(Locale.ROOT, "2026-%02d-%02dT%02d:%02d:%02d.%06dZ", i % 12 + 1, i % 28 + 1, i % 24, i % 60, i * 7 % 60, i * 997 % 1_000_000)
                    : String.format(Locale.ROOT, "2026-%02d-%02dT%02d:%02d:%02d.%03d+02:00", i % 12 + 1, i % 28 + 1, i % 24, i % 60, i * 7 % 60, i % 1000);
            if (Timestamps.parseIsoNanos(texts[i]) != javaTime(texts[i])) {
                throw new IllegalStateException("fast path and java.time disagree on " + texts[i]);
            }
        }
    }

    @Benchmark
    public long fastPath() {
        long sum = 0;
        for (String t : texts) sum += Timestamps.parseIsoNanos(t);
        return sum;
    }

    @Benchmark
    public long baselineJavaTime() {
        long sum = 0;
        for (String t : texts) sum += javaTime(t);
        return sum;
    }

    private static long javaTime(String text) {
        OffsetDateTime t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return t.toEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
