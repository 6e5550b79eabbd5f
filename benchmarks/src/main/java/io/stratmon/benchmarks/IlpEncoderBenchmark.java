package io.stratmon.benchmarks;

import io.questdb.client.Sender;
import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.Mapped;
import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.mapping.RowMapper;
import io.stratmon.shipper.parse.LineParser;
import io.stratmon.shipper.parse.Parsed;
import io.stratmon.shipper.sink.IlpEncoder;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * Rows to ILP bytes (protocol 2) per row: our {@code IlpEncoder} (escaped names cached, a row is a few array copies)
 * against questdb-client's {@code Sender} writing the same rows into its own buffer (auto-flush off, never sent; the
 * same use as {@code IlpEncoderTest}'s oracle, which checks both give the same bytes). Both with and without the
 * dedup keys {@code _src}/{@code _offset} the pipeline adds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(Lines.COUNT)
public class IlpEncoderBenchmark {
    @Param({"reference", "mixed"})
    public String dataset;

    private Row[] rows;
    private final IlpEncoder encoder = new IlpEncoder(2);
    private Sender sender;

    @Setup
    public void setup() {
        Line[] lines = Lines.lines(dataset);
        LineParser parser = Lines.input(dataset).newParser();
        RowMapper mapper = Lines.input(dataset).newMapper();
        rows = new Row[lines.length];
        for (int i = 0; i < lines.length; i++) {
            if (!(parser.parse(lines[i]) instanceof Parsed.Ok ok) || !(mapper.map(ok.record()) instanceof Mapped.Ok row)) {
                throw new IllegalStateException("benchmark line does not map: " + lines[i].text());
            }
            rows[i] = row.row();
        }
        sender = Sender.fromConfig("http::addr=127.0.0.1:1;protocol_version=2;auto_flush=off;");
    }

    @TearDown
    public void close() {
        sender.reset();
        sender.close();
    }

    @Benchmark
    public int encoder() {
        encoder.reset();
        for (Row row : rows) encoder.row(row);
        return encoder.size();
    }

    @Benchmark
    public int encoderWithDedupKeys() {
        encoder.reset();
        long offset = 0;
        for (Row row : rows) encoder.row(row, "1f2e3d4c5b6a7980", offset += 120);
        return encoder.size();
    }

    @Benchmark
    public int baselineQuestDbSender() {
        sender.reset();
        for (Row row : rows) send(row, null, 0);
        return sender.bufferView().size();
    }

    @Benchmark
    public int baselineQuestDbSenderWithDedupKeys() {
        sender.reset();
        long offset = 0;
        for (Row row : rows) send(row, "1f2e3d4c5b6a7980", offset += 120);
        return sender.bufferView().size();
    }

    private void send(Row row, String src, long offset) {
        Sender s = sender.table(row.table());
        for (Row.Column c : row.columns()) if (c.type() == ColumnType.SYMBOL) s.symbol(c.name(), (String) c.value());
        if (src != null) s.symbol("_src", src);
        for (Row.Column c : row.columns()) {
            switch (c.type()) {
                case SYMBOL -> { }
                case VARCHAR -> s.stringColumn(c.name(), (String) c.value());
                case DOUBLE -> s.doubleColumn(c.name(), (Double) c.value());
                case LONG -> s.longColumn(c.name(), (Long) c.value());
                case BOOLEAN -> s.boolColumn(c.name(), (Boolean) c.value());
                case TIMESTAMP -> s.timestampColumn(c.name(), Math.floorDiv((Long) c.value(), 1000L), ChronoUnit.MICROS);
            }
        }
        if (src != null) s.longColumn("_offset", offset);
        s.at(Math.floorDiv(row.timestampNanos(), 1000L), ChronoUnit.MICROS);
    }
}
