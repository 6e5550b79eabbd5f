package io.stratmon.shipper.fast;

import io.stratmon.shipper.Converted;
import io.stratmon.shipper.LineConverter;
import io.stratmon.shipper.mapping.Labels;
import io.stratmon.shipper.mapping.MappingConfig;
import io.stratmon.shipper.mapping.RowCheck;
import io.stratmon.shipper.mapping.RuleBasedRowMapper;
import io.stratmon.shipper.parse.JsonLineParser;
import io.stratmon.shipper.sink.IlpBatch;
import io.stratmon.shipper.sink.SchemaGuard;
import io.stratmon.shipper.sink.TableBudget;
import io.stratmon.shipper.tail.Line;
import io.stratmon.shipper.time.Clock;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The same lines through two conversions, each with its own row check (table budget, then schema guard, as the
 * shipper chains them): the general converter alone, the reference; and the single-pass path with the general
 * converter for the lines it leaves. {@link #feed} fails on the first line where they differ: other ILP bytes, another
 * rejection (reason or stage), or a row on one side only. The arrival time and the budget's clock are shared and move
 * one second per line, so the budget's windows slide the same for both.
 */
final class TwoPaths {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final String name;
    private final LineConverter reference, fallback;
    private final FastConverter fast;
    private final IlpBatch referenceBatch, fastBatch;
    private final long[] now = {START.toEpochMilli()};
    long lines, fastLines;

    /**
     * @param schema the column types QuestDB already has, per table
     * @param limits the table budget's caps (small ones make it refuse)
     */
    TwoPaths(String name, MappingConfig mapping, Map<String, Map<String, String>> schema, TableBudget.Limits limits, int protocol) {
        this(name, mapping, Labels.NONE, schema, limits, protocol);
    }

    /** @param labels the input's constant labels, on every row of both paths */
    TwoPaths(String name, MappingConfig mapping, Labels labels, Map<String, Map<String, String>> schema, TableBudget.Limits limits,
             int protocol) {
        this.name = name;
        this.reference = converter(mapping, labels, check(schema, limits));
        RowCheck fastCheck = check(schema, limits);
        this.fallback = converter(mapping, labels, fastCheck);
        this.fast = FastConverter.of(mapping, labels, fastCheck);
        this.referenceBatch = new IlpBatch(protocol);
        this.fastBatch = new IlpBatch(protocol);
    }

    private LineConverter converter(MappingConfig mapping, Labels labels, RowCheck check) {
        return new LineConverter(new JsonLineParser(mapping.arrays(), mapping.query(), mapping.exactNumberKeys()),
                new RuleBasedRowMapper(mapping, () -> Instant.ofEpochMilli(now[0]), labels), check);
    }

    private RowCheck check(Map<String, Map<String, String>> schema, TableBudget.Limits limits) {
        TableBudget.Schema budgetSchema = new TableBudget.Schema() {
            @Override
            public Set<String> tables() {
                Set<String> names = new HashSet<>();
                schema.keySet().forEach(t -> names.add(t.toLowerCase(Locale.ROOT)));
                return names;
            }

            @Override
            public Optional<Set<String>> columns(String table) {
                for (var e : schema.entrySet()) {
                    if (e.getKey().equalsIgnoreCase(table)) {
                        Set<String> names = new HashSet<>();
                        e.getValue().keySet().forEach(c -> names.add(c.toLowerCase(Locale.ROOT)));
                        return Optional.of(names);
                    }
                }
                return Optional.empty();
            }
        };
        Map<String, Map<String, String>> lower = new HashMap<>();
        schema.forEach((t, cols) -> lower.put(t.toLowerCase(Locale.ROOT), cols));
        return RowCheck.both(new TableBudget(limits, budgetSchema, () -> Instant.ofEpochMilli(now[0])),
                new SchemaGuard(t -> lower.getOrDefault(t.toLowerCase(Locale.ROOT), Map.of()), Clock.SYSTEM));
    }

    /** Converts one line both ways; throws AssertionError, naming the line and both outcomes, when they differ. */
    void feed(Line line, String src) {
        now[0] += 1000;
        lines++;
        String expected = outcome(reference.convert(line), referenceBatch, src, line.offset());
        String actual;
        int before = fastBatch.rows();
        if (fast != null && fast.append(line, fastBatch, src)) {
            fastLines++;
            actual = "ROW " + latin1(fastBatch, before);
        } else {
            actual = outcome(fallback.convert(line), fastBatch, src, line.offset());
        }
        if (!expected.equals(actual)) {
            throw new AssertionError("the two paths differ [mapping=" + name + ", line=" + visible(line) + "]\n  general: "
                    + expected + "\n  fast:    " + actual);
        }
    }

    /** Both batches whole: the same bytes, row ends, tables and dedup tables. */
    void assertSameBatches() {
        byte[] a = Arrays.copyOf(referenceBatch.bytes(), referenceBatch.size());
        byte[] b = Arrays.copyOf(fastBatch.bytes(), fastBatch.size());
        if (!Arrays.equals(a, b) || referenceBatch.rows() != fastBatch.rows()
                || !referenceBatch.tables().equals(fastBatch.tables()) || !referenceBatch.dedupTables().equals(fastBatch.dedupTables())) {
            throw new AssertionError("the two paths' batches differ [mapping=" + name + "]");
        }
        for (int i = 0; i < referenceBatch.rows(); i++) {
            if (referenceBatch.end(i) != fastBatch.end(i) || !referenceBatch.table(i).equals(fastBatch.table(i))) {
                throw new AssertionError("the two paths' batches differ at row " + i + " [mapping=" + name + "]");
            }
        }
    }

    private static String outcome(Converted c, IlpBatch batch, String src, long offset) {
        if (c instanceof Converted.Ok ok) {
            int before = batch.rows();
            batch.add(ok.row(), src, offset);
            return "ROW " + latin1(batch, before);
        }
        if (c instanceof Converted.Rejected r) return "REJECTED " + r.stage() + " | " + r.reason();
        return "BLANK";
    }

    private static String latin1(IlpBatch batch, int row) {
        return new String(batch.bytes(), batch.start(row), batch.end(row) - batch.start(row), StandardCharsets.ISO_8859_1);
    }

    static String visible(Line line) {
        StringBuilder b = new StringBuilder();
        for (int i = line.start(); i < line.start() + line.length() && b.length() < 2000; i++) {
            int c = line.buffer()[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F) b.append((char) c);
            else b.append(String.format("\\x%02x", c));
        }
        return b.toString();
    }
}
