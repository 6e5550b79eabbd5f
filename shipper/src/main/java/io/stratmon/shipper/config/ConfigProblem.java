package io.stratmon.shipper.config;

/**
 * One thing wrong with a configuration, as a value: the key path the user wrote ({@code shipper.max_line_bytes},
 * {@code inputs[1].types.qty}), its line in the file when known, and what is wrong.
 *
 * <p>Config records report problems with paths relative to their own table ({@code max_line_bytes}); whoever reads
 * the file puts them {@link #under} the table's path and looks up the line. Nobody re-splits a formatted string.
 *
 * @param path    the TOML key path; empty for the file as a whole
 * @param line    1-based line in the file; 0 when unknown (a problem found before or outside a file)
 * @param message what is wrong and, where it helps, what would work; values in brackets ({@code [value=70000]})
 */
public record ConfigProblem(String path, int line, String message) {

    public ConfigProblem {
        path = path == null ? "" : path;
        if (line < 0) line = 0;
    }

    /** A problem at a key path, line not known yet. */
    public static ConfigProblem of(String path, String message) {
        return new ConfigProblem(path, 0, message);
    }

    /** The same problem with its path under a table: {@code max_line_bytes} under {@code shipper}. */
    public ConfigProblem under(String table) {
        if (table == null || table.isEmpty()) return this;
        if (path.isEmpty()) return new ConfigProblem(table, line, message);
        return new ConfigProblem(path.startsWith("[") ? table + path : table + "." + path, line, message);
    }

    public ConfigProblem atLine(int value) {
        return new ConfigProblem(path, value, message);
    }

    /** How it is printed: {@code stratmon.toml:12: shipper.max_line_bytes: must be at least 16 [value=1]}. */
    public String format(String source) {
        StringBuilder b = new StringBuilder();
        if (source != null && !source.isEmpty()) b.append(source).append(line > 0 ? ":" + line : "").append(": ");
        else if (line > 0) b.append("line ").append(line).append(": ");
        if (!path.isEmpty()) b.append(path).append(": ");
        return b.append(message).toString();
    }

    /** {@code path: message} (with {@code line N: } first when the line is known). */
    @Override
    public String toString() {
        return format(null);
    }
}
