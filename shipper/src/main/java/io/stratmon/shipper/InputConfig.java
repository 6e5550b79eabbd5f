package io.stratmon.shipper;

import io.stratmon.shipper.mapping.MappingConfig;
import io.stratmon.shipper.mapping.RowMapper;
import io.stratmon.shipper.mapping.RuleBasedRowMapper;
import io.stratmon.shipper.parse.JsonLineParser;
import io.stratmon.shipper.parse.LineParser;

import java.util.ArrayList;
import java.util.List;

/** A set of files (paths or globs) and how their lines map to rows. */
public record InputConfig(List<String> files, MappingConfig mapping) {

    public static InputConfig of(List<String> files) {
        return new InputConfig(List.copyOf(files), MappingConfig.defaults());
    }

    /** The parser for this input's lines (one per pipeline): arrays and {@code query} as the mapping says. */
    public LineParser newParser() {
        return new JsonLineParser(mapping.arrays(), mapping.query(), mapping.exactNumberKeys());
    }

    /** The mapper for this input's records (one per pipeline). */
    public RowMapper newMapper() {
        return new RuleBasedRowMapper(mapping);
    }

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (files == null || files.isEmpty()) problems.add("input.files: needs at least one path or glob");
        if (mapping == null) problems.add("input.mapping: missing");
        else mapping.problems().forEach(p -> problems.add("input." + p));
        return problems;
    }
}
