package io.stratmon.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratmon.shipper.mapping.Mapped;
import io.stratmon.shipper.mapping.RowMapper;
import io.stratmon.shipper.parse.LineParser;
import io.stratmon.shipper.parse.Parsed;
import io.stratmon.shipper.tail.Line;
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
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * JSON line to row: our streaming {@code JsonLineParser} alone and followed by the {@code RuleBasedRowMapper}, per
 * line, for the reference line and the four-event mix. Baseline: Jackson's tree model reading the same bytes
 * ({@code ObjectMapper.readTree}), what a straightforward shipper would start from; it only parses, maps nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(Lines.COUNT)
public class ParseMapBenchmark {
    @Param({"reference", "mixed"})
    public String dataset;

    private Line[] lines;
    private byte[][] bytes;
    private LineParser parser;
    private RowMapper mapper;
    private final ObjectMapper jackson = new ObjectMapper();

    @Setup
    public void setup() {
        lines = Lines.lines(dataset);
        bytes = Lines.bytes(dataset);
        parser = Lines.input(dataset).newParser();
        mapper = Lines.input(dataset).newMapper();
        for (Line line : lines) {
            if (!(parser.parse(line) instanceof Parsed.Ok ok) || !(mapper.map(ok.record()) instanceof Mapped.Ok)) {
                throw new IllegalStateException("benchmark line does not map: " + line.text());
            }
        }
    }

    @Benchmark
    public void parseAndMap(Blackhole bh) {
        for (Line line : lines) {
            if (parser.parse(line) instanceof Parsed.Ok ok) bh.consume(mapper.map(ok.record()));
        }
    }

    @Benchmark
    public void parseOnly(Blackhole bh) {
        for (Line line : lines) bh.consume(parser.parse(line));
    }

    @Benchmark
    public void baselineJacksonTree(Blackhole bh) throws IOException {
        for (byte[] b : bytes) {
            JsonNode node = jackson.readTree(b);
            bh.consume(node);
        }
    }
}
