package io.stratmon.shipper;

import io.stratmon.shipper.fast.FastConverter;
import io.stratmon.shipper.mapping.Mapped;
import io.stratmon.shipper.mapping.RowCheck;
import io.stratmon.shipper.mapping.RowMapper;
import io.stratmon.shipper.parse.LineParser;
import io.stratmon.shipper.parse.Parsed;
import io.stratmon.shipper.sink.SchemaGuard;
import io.stratmon.shipper.tail.Line;
import io.stratmon.shipper.time.Clock;

import java.util.Optional;

/**
 * One line's way to a row: parse → map → check, as one value ({@link Converted}). The pipeline, {@code stratmon
 * preview}, the golden cases and the fuzz tests all convert through this class, so they cannot disagree.
 *
 * <pre>{@code
 * LineConverter converter = LineConverter.of(input, RowCheck.NONE);
 * if (converter.convert("{\"event\":\"fill\",\"timestamp\":\"2026-01-01T00:00:00Z\"}") instanceof Converted.Ok ok) {
 *     System.out.println(ok.row().table());   // fill
 * }
 * }</pre>
 * Never throws for bad input. Not thread-safe when the check learns (the schema guard does): one per thread.
 * <p>Made by {@link #of}, it also has the single-pass path ({@link FastConverter}), which the {@link Encoder} tries
 * first; this class stays the reference that path is tested against ({@code FastPathDifferentialTest}). The system
 * property {@code stratmon.fast_path=false} turns it off.
 */
public final class LineConverter {
    private final LineParser parser;
    private final RowMapper mapper;
    private final RowCheck check;
    private final FastConverter fast;

    /** A converter without the single-pass path. */
    public LineConverter(LineParser parser, RowMapper mapper, RowCheck check) {
        this(parser, mapper, check, null);
    }

    private LineConverter(LineParser parser, RowMapper mapper, RowCheck check, FastConverter fast) {
        this.parser = parser;
        this.mapper = mapper;
        this.check = check;
        this.fast = fast;
    }

    /** The converter of an input's mapping, with a check before sending ({@link RowCheck#NONE} for none). */
    public static LineConverter of(InputConfig input, RowCheck check) {
        FastConverter fast = Boolean.parseBoolean(System.getProperty("stratmon.fast_path", "true"))
                ? FastConverter.of(input.mapping(), input.labels(), check) : null;
        return new LineConverter(input.newParser(), input.newMapper(), check, fast);
    }

    /** The single-pass path of this converter's mapping, or null (then every line takes {@link #convert}). */
    public FastConverter fast() {
        return fast;
    }

    public Converted convert(Line line) {
        Parsed parsed = parser.parse(line);
        if (parsed instanceof Parsed.Ok ok) {
            Mapped mapped = mapper.map(ok.record());
            if (mapped instanceof Mapped.Ok m) {
                Optional<String> problem = check.problem(m.row());
                return problem.isEmpty() ? new Converted.Ok(m.row(), line) : new Converted.Rejected(problem.get(), Converted.Stage.CHECK);
            }
            return new Converted.Rejected(((Mapped.Rejected) mapped).reason(), Converted.Stage.MAP);
        }
        if (parsed instanceof Parsed.Rejected r) return new Converted.Rejected(r.reason(), Converted.Stage.PARSE);
        return Converted.BLANK;
    }

    /**
     * The converter of an input with no QuestDB to ask: the check knows only the column types of the rows this
     * converter has made (the first type of a column wins, as in QuestDB). For {@code stratmon preview} and tools.
     */
    public static LineConverter offline(InputConfig input) {
        return of(input, new SchemaGuard(SchemaGuard.NONE, Clock.SYSTEM));
    }

    /** The same for a line of text (tools, tests). */
    public Converted convert(String text) {
        return convert(Line.of(text));
    }
}
