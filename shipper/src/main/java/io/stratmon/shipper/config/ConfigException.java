package io.stratmon.shipper.config;

import java.util.List;

/**
 * A configuration that must not start, with every problem found. Each problem is a value that names its key path
 * and line; the message prints one per line as {@code file:line: path: message}.
 */
public final class ConfigException extends IllegalArgumentException {
    private final String source;
    private final List<ConfigProblem> problems;

    public ConfigException(String source, List<ConfigProblem> problems) {
        super(message(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file (or other source) the problems are in. */
    public String source() {
        return source;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** Each problem as printed: {@code file:line: path: message}. */
    public List<String> messages() {
        return problems.stream().map(p -> p.format(source)).toList();
    }

    private static String message(String source, List<ConfigProblem> problems) {
        StringBuilder b = new StringBuilder("Invalid config ").append(source)
                .append(problems.size() == 1 ? " (1 problem):" : " (" + problems.size() + " problems):");
        for (ConfigProblem p : problems) b.append("\n  ").append(p.format(source));
        return b.toString();
    }
}
