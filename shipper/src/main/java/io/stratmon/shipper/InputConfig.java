package io.stratmon.shipper;

import io.stratmon.shipper.config.ConfigProblem;
import io.stratmon.shipper.mapping.Labels;
import io.stratmon.shipper.mapping.MappingConfig;
import io.stratmon.shipper.mapping.RowMapper;
import io.stratmon.shipper.mapping.RuleBasedRowMapper;
import io.stratmon.shipper.parse.JsonLineParser;
import io.stratmon.shipper.parse.LineParser;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A set of files (paths or globs), how their lines map to rows, and the constant labels every row of them carries
 * ({@code [inputs.labels]}; see {@link Labels}).
 */
public record InputConfig(List<String> files, MappingConfig mapping, Labels labels) {

    public InputConfig {
        if (labels == null) labels = Labels.NONE;
    }

    /** No labels. */
    public InputConfig(List<String> files, MappingConfig mapping) {
        this(files, mapping, Labels.NONE);
    }

    public InputConfig withFiles(List<String> value) {
        return new InputConfig(value, mapping, labels);
    }

    public InputConfig withMapping(MappingConfig value) {
        return new InputConfig(files, value, labels);
    }

    public InputConfig withLabels(Labels value) {
        return new InputConfig(files, mapping, value);
    }

    /** The labels as a map (for the config table; empty values kept). */
    public Map<String, String> labelValues() {
        return labels.values();
    }

    public InputConfig withLabelValues(Map<String, String> value) {
        return withLabels(Labels.of(value));
    }

    public static InputConfig of(List<String> files) {
        return new InputConfig(List.copyOf(files), MappingConfig.defaults());
    }

    /**
     * The host this input's rows come from, as the dedup key {@code _src} names it: the {@code host} label, else the
     * machine's host name ({@link HostName#local}).
     */
    public String hostId() {
        String host = labels.host();
        return host != null ? host : HostName.local();
    }

    /** The parser for this input's lines (one per pipeline): arrays and {@code query} as the mapping says. */
    public LineParser newParser() {
        return new JsonLineParser(mapping.arrays(), mapping.query(), mapping.exactNumberKeys());
    }

    /** The mapper for this input's records (one per pipeline), labels included. */
    public RowMapper newMapper() {
        return new RuleBasedRowMapper(mapping, InstantSource.system(), labels);
    }

    /** Every problem, each naming its key as written in its {@code [[inputs]]} table ({@code files}, {@code labels.x}). */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> problems = new ArrayList<>();
        if (files == null || files.isEmpty()) problems.add(ConfigProblem.of("files", "needs at least one path or glob"));
        if (mapping == null) problems.add(ConfigProblem.of("", "no mapping"));
        else problems.addAll(mapping.problems());
        problems.addAll(labels.problems());
        return problems;
    }
}
