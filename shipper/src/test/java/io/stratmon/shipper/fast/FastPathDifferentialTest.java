package io.stratmon.shipper.fast;

import io.stratmon.shipper.golden.GoldenCases;
import io.stratmon.shipper.mapping.FieldType;
import io.stratmon.shipper.mapping.Labels;
import io.stratmon.shipper.mapping.MappingConfig;
import io.stratmon.shipper.sink.TableBudget;
import io.stratmon.shipper.tail.FileId;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.Line;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The single-pass path against the general converter, the reference: every golden case, and thousands of seeded
 * random lines ({@link LineGenerator}) under many mappings, ILP protocols 1 and 2, with and without dedup keys, and a
 * tight table budget: both give byte-identical ILP and the same rejections (reason and stage) line by line, and the
 * same batches. {@code mvn verify} feeds 1,000 random lines per mapping and variant (tens of thousands in all, besides the
 * golden cases); {@code -Pfuzz} runs 400 times as many ({@code stratmon.differential.lines}); a failure names the
 * seed, which {@code -Dstratmon.differential.seed=N} replays.
 */
class FastPathDifferentialTest {
    private static final int LINES = Integer.getInteger("stratmon.differential.lines", 1000);
    private static final long SEED = Long.getLong("stratmon.differential.seed", 20261201L);
    private static final TableBudget.Limits TIGHT = new TableBudget.Limits(6, 5, 40);
    private static final Map<String, Map<String, String>> SCHEMA = Map.of(
            "fill", Map.of("qty", "LONG", "price", "DOUBLE", "side", "SYMBOL", "maker", "BOOLEAN"),
            "price_log", Map.of("price", "DOUBLE", "level", "SYMBOL", "msg", "INT", "ok", "VARCHAR"),
            "logs", Map.of("a_b", "TIMESTAMP", "k1", "SHORT"));
    private static final List<FileSource> SOURCES = List.of(
            new FileSource(Path.of("a.jsonl"), FileId.UNKNOWN, 0x00000000c0ffee00L),
            new FileSource(Path.of("b.jsonl"), FileId.UNKNOWN, 0x7a5c, 0));

    /** Mappings that cover every rule the fast path takes, and some it leaves to the general path. */
    static Map<String, MappingConfig> mappings() {
        Map<String, MappingConfig> m = new LinkedHashMap<>();
        m.put("default", MappingConfig.defaults());
        for (String preset : List.of("structlog", "logstash", "ecs", "telegraf")) m.put(preset, MappingConfig.preset(preset));
        m.put("bench-reference", MappingConfig.preset("telegraf").toBuilder().nameKey("event").timeKey("timestamp")
                .timeFormat("2006-01-02T15:04:05.999999Z").stringFields(List.of("level")).tags(List.of("s*")).build());
        m.put("go-layout-offset", MappingConfig.defaults().toBuilder().timeFormat("2006-01-02T15:04:05.000Z07:00").build());
        m.put("typed", MappingConfig.defaults().toBuilder().otherStrings(MappingConfig.OtherStrings.SYMBOL).otherBooleans(false)
                .types(Map.of("qty", FieldType.LONG, "px", FieldType.DOUBLE, "ok", FieldType.BOOLEAN, "at", FieldType.TIMESTAMP,
                        "s1", FieldType.SYMBOL, "v", FieldType.STRING, "price", FieldType.DOUBLE))
                .tags(List.of("level", "sym*", "a_?")).stringFields(List.of("bid", "k*")).build());
        m.put("renamed-and-filtered", MappingConfig.defaults().toBuilder().tablePrefix("app_").tableSuffix("_v1")
                .rename(Map.of("price", "px", "log.level", "level", "qty", "timestamp")).exclude(List.of("msg", "a_*"))
                .otherStrings(MappingConfig.OtherStrings.DROP).maxColumns(4).build());
        m.put("included-only", MappingConfig.defaults().toBuilder().include(List.of("price", "symbol", "level", "b*")).build());
        m.put("fixed-table-zone", MappingConfig.defaults().toBuilder().nameKey(null).table("trades").timezone("Europe/London").build());
        m.put("epoch-ms", MappingConfig.defaults().toBuilder().timeFormat("epoch_ms").build());
        m.put("epoch-ns-ts", MappingConfig.defaults().toBuilder().timeKey("ts").timeFormat("epoch_ns").build());
        m.put("query", MappingConfig.defaults().toBuilder().query("data").build());
        return m;
    }

    /** Labels for some mappings: one a field of the lines also names ({@code price}, numbered price_2 on the general path). */
    static Labels labels(String mapping) {
        return switch (mapping) {
            case "default", "bench-reference" -> Labels.of(Map.of("host", "h-1", "strategy", "mean rev,1=x"));
            case "renamed-and-filtered", "ecs" -> Labels.of(new LinkedHashMap<>(Map.of("host", "h-2", "price", "p")));
            default -> Labels.NONE;
        };
    }

    @TestFactory
    List<DynamicTest> every_golden_case_gives_the_same_ilp_and_rejections_both_ways() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (GoldenCases c : GoldenCases.all()) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                GoldenCases.Setup setup = c.setup();
                for (int protocol = 1; protocol <= 2; protocol++) {
                    TwoPaths paths = new TwoPaths(c.name(), setup.input().mapping(), setup.input().labels(), setup.schema(), TableBudget.Limits.defaults(), protocol);
                    byte[] bytes = Files.readAllBytes(c.dir().resolve("input.jsonl"));
                    // Twice: the second pass meets a schema the first taught, where the fast path takes more lines.
                    for (int pass = 0; pass < 2; pass++) {
                        int start = 0;
                        for (int i = 0; i <= bytes.length; i++) {
                            if (i < bytes.length && bytes[i] != '\n') continue;
                            if (i == bytes.length && start == bytes.length) break;
                            paths.feed(new Line(SOURCES.get(0), start, i + 1L, bytes, start, i - start), GoldenCases.SRC);
                            start = i + 1;
                        }
                    }
                    paths.assertSameBatches();
                }
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> random_lines_give_the_same_ilp_and_rejections_both_ways() throws IOException {
        List<byte[]> golden = GoldenCases.allLines();
        List<DynamicTest> tests = new ArrayList<>();
        long seed = SEED;
        for (var mapping : mappings().entrySet()) {
            for (int variant = 0; variant < 3; variant++) {
                long s = seed++;
                int protocol = variant == 1 ? 1 : 2;
                boolean dedup = variant != 1;
                Labels labels = variant == 2 ? labels(mapping.getKey()) : Labels.NONE;
                if (variant == 2 && labels == Labels.NONE) continue;
                tests.add(DynamicTest.dynamicTest(mapping.getKey() + " protocol " + protocol + (dedup ? " dedup" : "")
                        + (variant == 2 ? " labels" : "") + " seed " + s, () -> {
                    TwoPaths paths = new TwoPaths(mapping.getKey(), mapping.getValue(), labels, SCHEMA, TIGHT, protocol);
                    LineGenerator lines = new LineGenerator(s, golden);
                    long offset = 0;
                    for (int i = 0; i < LINES; i++) {
                        byte[] bytes = lines.next();
                        FileSource source = SOURCES.get(i % 3 == 0 ? 1 : 0);
                        paths.feed(new Line(source, offset, offset + bytes.length + 1, bytes, 0, bytes.length), dedup ? source.src() : null);
                        offset += bytes.length + 1;
                    }
                    paths.assertSameBatches();
                }));
            }
        }
        return tests;
    }

    @Test
    void the_fast_path_takes_most_clean_lines_so_the_comparison_is_not_vacuous() throws IOException {
        TwoPaths paths = new TwoPaths("default", MappingConfig.defaults(), SCHEMA, TableBudget.Limits.defaults(), 2);
        LineGenerator random = new LineGenerator(SEED, GoldenCases.allLines());
        long offset = 0;
        for (int i = 0; i < LINES; i++) {
            byte[] bytes = random.next();
            paths.feed(new Line(SOURCES.get(0), offset, offset + bytes.length + 1, bytes, 0, bytes.length), SOURCES.get(0).src());
            offset += bytes.length + 1;
        }
        assertThat(paths.fastLines).as("random lines the fast path took of %s", paths.lines).isGreaterThan(paths.lines / 20);
        TwoPaths clean = new TwoPaths("default", MappingConfig.defaults(), Map.of(), TableBudget.Limits.defaults(), 2);
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = ("{\"timestamp\":\"2026-11-27T10:00:" + String.format("%02d", i % 60) + ".123456Z\",\"event\":\""
                    + (i % 3 == 0 ? "fill" : "price_log") + "\",\"level\":\"INFO\",\"symbol\":\"BTC-USD\",\"price\":9" + i
                    + ".25,\"qty\":" + i + ",\"note\":\"caf\\u00e9 \\\"x\\\"\",\"maker\":true,\"a\":{\"b\":" + i + "}}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            clean.feed(new Line(SOURCES.get(0), i * 300L, i * 300L + 299, bytes, 0, bytes.length), SOURCES.get(0).src());
        }
        // The first line of each table teaches the check its columns through the general path; then all are fast.
        assertThat(clean.fastLines).isEqualTo(998);
        clean.assertSameBatches();
        TwoPaths labelled = new TwoPaths("default", MappingConfig.defaults(), labels("default"), Map.of(), TableBudget.Limits.defaults(), 2);
        for (int i = 0; i < 100; i++) {
            byte[] bytes = ("{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"fill\",\"price\":" + i + "}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            labelled.feed(new Line(SOURCES.get(1), i * 100L, i * 100L + 99, bytes, 0, bytes.length), "h-1:" + SOURCES.get(1).src());
        }
        assertThat(labelled.fastLines).isEqualTo(99);
    }

    /**
     * Decimals of 1 to 20 significant digits, the shortest text of random doubles (Java's Double.toString, 16-17 digits)
     * and numbers right at 2^53: the fast path reads each to the same double as the general path (protocol 2 writes
     * doubles as their 8 bytes, so one bit of difference is a failed comparison).
     */
    @Test
    void numbers_of_every_length_read_to_the_same_double_on_both_paths() {
        TwoPaths paths = new TwoPaths("default", MappingConfig.defaults(), Map.of(), TableBudget.Limits.defaults(), 2);
        java.util.Random random = new java.util.Random(SEED);
        List<String> numbers = new ArrayList<>(List.of("9007199254740992", "9007199254740993", "9007199254740991.5",
                "0.9007199254740993", "900719925474099.3", "9007199254740993e-22", "1.7976931348623157e308", "4.9e-324"));
        for (int i = 0; i < 20_000; i++) {
            int digits = 1 + random.nextInt(20);
            StringBuilder n = new StringBuilder(random.nextBoolean() ? "-" : "");
            n.append(1 + random.nextInt(9));
            for (int d = 1; d < digits; d++) n.append(random.nextInt(10));
            int point = random.nextInt(digits + 1);
            if (point > 0 && point < digits) n.insert(n.length() - digits + point, '.');
            if (random.nextInt(5) == 0) n.append('e').append(random.nextInt(50) - 25);
            numbers.add(n.toString());
            numbers.add(Double.toString((random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(30) - 10)));
        }
        long offset = 0;
        for (String number : numbers) {
            byte[] bytes = ("{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"n\",\"v\":" + number + "}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            paths.feed(new Line(SOURCES.get(0), offset, offset + bytes.length + 1, bytes, 0, bytes.length), SOURCES.get(0).src());
            offset += bytes.length + 1;
        }
        assertThat(paths.fastLines).isGreaterThan(numbers.size() * 9L / 10);
        paths.assertSameBatches();
    }
}
