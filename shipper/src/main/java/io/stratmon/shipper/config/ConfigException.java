package io.stratmon.shipper.config;

import java.util.List;

/** A configuration that must not start, with every problem found (each names its key, and its file line when known). */
public final class ConfigException extends IllegalArgumentException {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super("Invalid config " + source + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
