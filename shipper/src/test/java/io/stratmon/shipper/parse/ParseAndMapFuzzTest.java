package io.stratmon.shipper.parse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stratmon.shipper.Converted;
import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.LineConverter;
import io.stratmon.shipper.mapping.FieldType;
import io.stratmon.shipper.mapping.MappingConfig;
import io.stratmon.shipper.mapping.Names;
import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.mapping.TimeRange;
import io.stratmon.shipper.sink.SchemaGuard;
import io.stratmon.shipper.time.Clock;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.Line;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes, through the parser and the mapper of several mappings: no exception escapes, and every line is a row
 * or a dead-letter reason. A row has a table that is not stratmon's own, a designated time QuestDB stores, at most
 * {@code max_columns} columns with names QuestDB accepts (1 to 127 chars, unique as QuestDB folds case, never one
 * of the shipper's own columns), values of the column's type, and no lone surrogate anywhere. Under plain
 * {@code mvn verify} this replays the seeds in {@code ParseAndMapFuzzTestInputs/}; {@code -Pfuzz} fuzzes for real.
 */
class ParseAndMapFuzzTest {
    static final List<InputConfig> INPUTS = List.of(
            InputConfig.of(List.of("x")),
            new InputConfig(List.of("x"), MappingConfig.preset("logstash")),
            new InputConfig(List.of("x"), MappingConfig.preset("telegraf").toBuilder().nameKey("event").timeKey("timestamp")
                    .timeFormat("2006-01-02T15:04:05.999999Z").stringFields(List.of("level")).tags(List.of("s*")).build()),
            new InputConfig(List.of("x"), MappingConfig.defaults().toBuilder().timeKey("ts").timeFormat("epoch_ms")
                    .timeFallback(MappingConfig.TimeFallback.ARRIVAL).query("data")
                    .types(Map.of("qty", FieldType.LONG, "px", FieldType.DOUBLE, "ok", FieldType.BOOLEAN, "at", FieldType.TIMESTAMP,
                            "s", FieldType.SYMBOL, "v", FieldType.STRING)).build()));

    /** The pipeline's own chain: parse → map → check (the guard never throws either, whatever the row). */
    static final List<LineConverter> CONVERTERS = INPUTS.stream()
            .map(i -> LineConverter.of(i, new SchemaGuard(SchemaGuard.NONE, Clock.SYSTEM))).toList();

    @FuzzTest(maxDuration = "2m")
    void every_line_becomes_a_row_or_a_reason(byte[] bytes) {
        Line line = new Line(FileSource.UNKNOWN, 0, bytes.length + 1L, bytes, 0, bytes.length);
        for (int i = 0; i < CONVERTERS.size(); i++) {
            Converted converted = CONVERTERS.get(i).convert(line);
            assertThat(converted).isNotNull();
            if (converted instanceof Converted.Rejected r) {
                assertThat(r.reason()).isNotBlank();
                continue;
            }
            if (converted instanceof Converted.Blank) continue;
            Row row = ((Converted.Ok) converted).row();
            assertThat(row.table()).isNotEmpty().hasSizeLessThanOrEqualTo(Names.MAX_LENGTH).satisfies(BadUnicode::none);
            assertThat(Names.reservedTable(row.table())).as("reserved table %s", row.table()).isFalse();
            assertThat(TimeRange.designated(row.timestampNanos())).as("time %s", row.timestampNanos()).isTrue();
            assertThat(row.columns()).hasSizeLessThanOrEqualTo(INPUTS.get(i).mapping().maxColumns());
            Set<String> names = new HashSet<>(List.of("timestamp", "_src", "_offset"));
            for (Row.Column c : row.columns()) {
                assertThat(c.name()).isNotEmpty().hasSizeLessThanOrEqualTo(Names.MAX_LENGTH).satisfies(BadUnicode::none);
                assertThat(c.name()).matches(n -> !n.chars().allMatch(ch -> ch == '_'), "not only underscores");
                assertThat(names.add(Names.fold(c.name()))).as("unique, not reserved column %s", c.name()).isTrue();
                switch (c.type()) {
                    case SYMBOL, VARCHAR -> assertThat(c.value()).isInstanceOfSatisfying(String.class, BadUnicode::none);
                    case DOUBLE -> assertThat(c.value()).isInstanceOfSatisfying(Double.class, d -> assertThat(d).isFinite());
                    case LONG, TIMESTAMP -> assertThat(c.value()).isInstanceOfSatisfying(Long.class,
                            l -> assertThat(l).isNotIn(Long.MIN_VALUE, Long.MIN_VALUE + 1));
                    case BOOLEAN -> assertThat(c.value()).isInstanceOf(Boolean.class);
                }
            }
        }
    }

    /** Lone surrogates cannot be written as UTF-8: they would reach QuestDB as '?'. */
    static final class BadUnicode {
        static void none(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
                else assertThat(Character.isSurrogate(c)).as("lone surrogate at %d in %s", i, s).isFalse();
            }
        }
    }
}
