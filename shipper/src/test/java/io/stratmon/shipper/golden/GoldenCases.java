package io.stratmon.shipper.golden;

import io.stratmon.shipper.Converted;
import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.LineConverter;
import io.stratmon.shipper.config.ConfigTable;
import io.stratmon.shipper.config.InputReader;
import io.stratmon.shipper.config.TomlDocument;
import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.mapping.RowMapper;
import io.stratmon.shipper.mapping.RuleBasedRowMapper;
import io.stratmon.shipper.sink.IlpEncoder;
import io.stratmon.shipper.sink.SchemaGuard;
import io.stratmon.shipper.time.Clock;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.Line;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A golden case: a folder under {@code src/test/resources/cases/} with {@code input.jsonl}, {@code config.toml} (one
 * {@code [[inputs]]} table in stratmon.toml's format, plus an optional {@code [schema.<table>]} with the column types
 * QuestDB already has), {@code expected.txt}: one line per input line, the row it becomes or why it is rejected, and
 * {@code expected.ilp}: the exact bytes sent to QuestDB for those rows (ILP protocol version 2, as to QuestDB 9, so
 * doubles are binary; with the dedup keys, {@code _src} {@link #SRC} and {@code _offset} the line's byte offset).
 * Lines without a time take the arrival time {@link #ARRIVAL}.
 */
public record GoldenCases(Path dir) {
    public static final Path ROOT = Path.of("src/test/resources/cases");
    public static final Instant ARRIVAL = Instant.parse("2026-01-01T00:00:00Z");
    /** The {@code _src} of every golden row (the fingerprint of a file, in the pipeline). */
    public static final String SRC = "00000000c0ffee00";

    public static List<GoldenCases> all() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(Files::isDirectory).sorted().map(GoldenCases::new).toList();
        }
    }

    public String name() {
        return dir.getFileName().toString();
    }

    /**
     * The case's input and its converter (parser, mapper at a fixed arrival time, guard), from its config.toml, and the
     * column types QuestDB already has per table (its {@code [schema.<table>]}).
     */
    public record Setup(InputConfig input, LineConverter converter, Map<String, Map<String, String>> schema) {}

    public Setup setup() throws IOException {
        TomlDocument doc = TomlDocument.parse(Files.readString(dir.resolve("config.toml")), name() + "/config.toml");
        List<ConfigTable> inputs = doc.root().tables("inputs");
        InputConfig input = InputReader.read(inputs.get(0), false);
        Map<String, Map<String, String>> schema = new HashMap<>();
        ConfigTable schemas = doc.root().table("schema");
        if (schemas != null) {
            for (String table : schemas.keys()) schema.put(table, schemas.stringMap(table));
        }
        doc.finish();
        RowMapper mapper = new RuleBasedRowMapper(input.mapping(), InstantSource.fixed(ARRIVAL), input.labels());
        return new Setup(input, new LineConverter(input.newParser(), mapper,
                new SchemaGuard(t -> schema.getOrDefault(t, Map.of()), Clock.SYSTEM)), schema);
    }

    /** What the lines become, as expected.txt holds it. */
    public String run() throws IOException {
        return convert().text();
    }

    /** The ILP bytes of the rows the lines become, as expected.ilp holds them. */
    public byte[] ilp() throws IOException {
        return convert().ilp();
    }

    /** Both outcomes of one pass over the input. */
    public record Outcome(String text, byte[] ilp) {}

    public Outcome convert() throws IOException {
        Setup s = setup();
        byte[] bytes = Files.readAllBytes(dir.resolve("input.jsonl"));
        StringBuilder out = new StringBuilder();
        IlpEncoder ilp = new IlpEncoder(2);
        int lineNr = 0, start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length && start == bytes.length) break;
            if (i < bytes.length && bytes[i] != '\n') continue;
            lineNr++;
            Line line = new Line(FileSource.UNKNOWN, start, i + 1, bytes, start, i - start);
            Object outcome = outcome(s, line);
            if (outcome instanceof Row row) {
                ilp.row(row, SRC, start);
                outcome = render(row);
            }
            out.append(lineNr).append(" | ").append(outcome).append('\n');
            start = i + 1;
        }
        return new Outcome(out.toString(), Arrays.copyOf(ilp.buffer(), ilp.size()));
    }

    static String describe(Setup s, Line line) {
        Object outcome = outcome(s, line);
        return outcome instanceof Row row ? render(row) : (String) outcome;
    }

    /** The row a line becomes, or the text expected.txt shows for it (BLANK, REJECTED | reason). */
    static Object outcome(Setup s, Line line) {
        Converted converted = s.converter().convert(line);
        if (converted instanceof Converted.Ok ok) return ok.row();
        if (converted instanceof Converted.Rejected r) return "REJECTED | " + r.reason();
        return "BLANK";
    }

    public static String render(Row row) {
        StringBuilder b = new StringBuilder(row.table()).append(" | ").append(instant(row.timestampNanos()));
        for (Row.Column c : row.columns()) {
            b.append(" | ").append(c.name()).append(':').append(c.type()).append('=').append(value(c));
        }
        return b.toString();
    }

    static String value(Row.Column c) {
        if (c.type() == ColumnType.TIMESTAMP) return instant((Long) c.value());
        if (c.value() instanceof String s) {
            String quoted = quote(s.length() > 200 ? s.substring(0, 40) : s);
            return s.length() > 200 ? "<" + s.length() + " chars: " + quoted.substring(0, quoted.length() - 1) + "…\">" : quoted;
        }
        return String.valueOf(c.value());
    }

    static String instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)).toString();
    }

    /** JSON-style quoting, so spaces, quotes, newlines and control characters are visible. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean lone = Character.isHighSurrogate(ch) ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(ch) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (lone) {
                b.append(String.format("\\u%04x(lone surrogate)", (int) ch));
                continue;
            }
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch));
                    else b.append(ch);
                }
            }
        }
        return b.append('"').toString();
    }

    public String expected() throws IOException {
        Path f = dir.resolve("expected.txt");
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : null;
    }

    public void writeExpected(String text) {
        try {
            Files.writeString(dir.resolve("expected.txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The expected ILP bytes, or null when the case has none yet. */
    public byte[] expectedIlp() throws IOException {
        Path f = dir.resolve("expected.ilp");
        return Files.exists(f) ? Files.readAllBytes(f) : null;
    }

    public void writeExpectedIlp(byte[] ilp) {
        try {
            Files.write(dir.resolve("expected.ilp"), ilp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All input lines of all cases, for fuzz seeds. */
    public static List<byte[]> allLines() throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (GoldenCases c : all()) {
            for (String l : Files.readAllLines(c.dir().resolve("input.jsonl"))) lines.add(l.getBytes(StandardCharsets.UTF_8));
        }
        return lines;
    }
}
