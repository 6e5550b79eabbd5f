package io.stratmon.shipper;

import io.stratmon.shipper.config.ConfigProblem;
import io.stratmon.shipper.mapping.MappingConfig;
import io.stratmon.shipper.mapping.RowMapper;
import io.stratmon.shipper.mapping.RuleBasedRowMapper;
import io.stratmon.shipper.parse.JsonLineParser;
import io.stratmon.shipper.parse.LineParser;

import java.util.ArrayList;
import java.util.List;

/** A set of files (paths or globs) and how their lines map to rows. */
public record InputConfig(List<String> files, MappingConfig mapping) {

    public InputConfig withFiles(List<String> value) {
        return new InputConfig(value, mapping);
    }

    public InputConfig withMapping(MappingConfig value) {
        return new InputConfig(files, value);
    }

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

    /** Every problem, each naming its key as written in its {@code [[inputs]]} table ({@code files}). */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> problems = new ArrayList<>();
        if (files == null || files.isEmpty()) problems.add(ConfigProblem.of("files", "needs at least one path or glob"));
        if (mapping == null) problems.add(ConfigProblem.of("", "no mapping"));
        else problems.addAll(mapping.problems());
        return problems;
    }
}
