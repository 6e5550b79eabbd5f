package io.stratmon.shipper.parse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stratmon.shipper.Converted;
import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.LineConverter;
import io.stratmon.shipper.mapping.FieldType;
import io.stratmon.shipper.mapping.MappingConfig;
import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.sink.SchemaGuard;
import io.stratmon.shipper.time.Clock;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.Line;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes, through the parser and the mapper of several mappings: no exception escapes, and every line is a row
 * (with a table, unique column names and values of the column's type) or a dead-letter reason. Under plain
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
        for (LineConverter converter : CONVERTERS) {
            Converted converted = converter.convert(line);
            assertThat(converted).isNotNull();
            if (converted instanceof Converted.Rejected r) {
                assertThat(r.reason()).isNotBlank();
                continue;
            }
            if (converted instanceof Converted.Blank) continue;
            Row row = ((Converted.Ok) converted).row();
            assertThat(row.table()).isNotEmpty();
            Set<String> names = new HashSet<>();
            for (Row.Column c : row.columns()) {
                assertThat(c.name()).isNotEmpty();
                assertThat(names.add(c.name().toLowerCase(Locale.ROOT))).as("unique column %s", c.name()).isTrue();
                assertThat(c.name()).isNotEqualToIgnoringCase("timestamp");
                switch (c.type()) {
                    case SYMBOL, VARCHAR -> assertThat(c.value()).isInstanceOf(String.class);
                    case DOUBLE -> assertThat(c.value()).isInstanceOfSatisfying(Double.class, d -> assertThat(d).isFinite());
                    case LONG, TIMESTAMP -> assertThat(c.value()).isInstanceOf(Long.class);
                    case BOOLEAN -> assertThat(c.value()).isInstanceOf(Boolean.class);
                }
            }
        }
    }
}
