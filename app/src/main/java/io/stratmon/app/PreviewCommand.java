package io.stratmon.app;

import io.stratmon.app.config.ConfigLoader;
import io.stratmon.app.config.TelegrafConfig;
import io.stratmon.shipper.Converted;
import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.LineConverter;
import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.Row;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code stratmon preview --config F [--lines N] LOGFILE}: a dry run. Prints the row each of the first N lines would
 * become (table, time, columns with their types and values) and the lines that would be dead-lettered, with why.
 * Nothing is sent anywhere.
 */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = "Dry run: show the rows (table, time, typed columns) the first lines of LOGFILE would become, "
                + "and the lines that would be rejected with the reason. Nothing is sent.")
final class PreviewCommand implements Callable<Integer> {
    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--config", paramLabel = "FILE", description = "A stratmon.toml: the input whose files match LOGFILE (or the first) gives the mapping.")
        Path config;

        @Option(names = "--telegraf", paramLabel = "FILE", description = "A telegraf.conf with [[inputs.tail]] and the json parser.")
        Path telegraf;
    }

    @Option(names = {"-n", "--lines"}, defaultValue = "20", description = "How many lines to read. Default: ${DEFAULT-VALUE}.")
    int lines;

    @Parameters(paramLabel = "LOGFILE", description = "A JSON-lines log file.")
    Path logFile;

    @Override
    public Integer call() throws Exception {
        List<InputConfig> inputs = source.config != null
                ? ConfigLoader.load(source.config, System.getenv()).shipper().inputs()
                : TelegrafConfig.load(source.telegraf, System.getenv(), Path.of("stratmon-data/state")).shipper().inputs();
        InputConfig input = pick(inputs, logFile);
        PrintStream out = System.out;
        out.println("# " + logFile + " with the mapping of input " + input.files() + " (preset " + input.mapping().preset() + ")");
        LineConverter converter = LineConverter.offline(input);
        Map<String, Map<String, ColumnType>> tables = new LinkedHashMap<>();
        int rows = 0, rejected = 0, n = 0;
        try (BufferedReader reader = Files.newBufferedReader(logFile, StandardCharsets.UTF_8)) {
            for (String text; n < lines && (text = reader.readLine()) != null; ) {
                n++;
                Converted converted = converter.convert(text);
                if (converted instanceof Converted.Blank) continue;
                if (converted instanceof Converted.Rejected r) {
                    rejected++;
                    out.println("line " + n + ": REJECTED " + r.reason());
                    out.println("    " + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
                    continue;
                }
                Row row = ((Converted.Ok) converted).row();
                rows++;
                out.println("line " + n + ": table " + row.table() + ", timestamp " + instant(row.timestampNanos()));
                Map<String, ColumnType> columns = tables.computeIfAbsent(row.table(), t -> new LinkedHashMap<>());
                for (Row.Column c : row.columns()) {
                    columns.putIfAbsent(c.name(), c.type());
                    out.printf("    %-24s %-9s %s%n", c.name(), c.type(), value(c));
                }
            }
        }
        out.println();
        out.println(n + " lines read: " + rows + " rows, " + rejected + " rejected");
        tables.forEach((table, columns) -> {
            StringBuilder b = new StringBuilder("table " + table + ": timestamp TIMESTAMP");
            columns.forEach((c, t) -> b.append(", ").append(c).append(' ').append(t));
            out.println(b);
        });
        return 0;
    }

    static InputConfig pick(List<InputConfig> inputs, Path file) {
        for (InputConfig input : inputs) {
            for (String glob : input.files()) {
                try {
                    if (FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(file)
                            || FileSystems.getDefault().getPathMatcher("glob:" + Path.of(glob).toAbsolutePath()).matches(file.toAbsolutePath())) {
                        return input;
                    }
                } catch (RuntimeException ignored) {
                    // a glob the matcher does not take: try the next
                }
            }
        }
        return inputs.get(0);
    }

    private static String value(Row.Column c) {
        if (c.type() == ColumnType.TIMESTAMP) return instant((Long) c.value());
        if (c.value() instanceof String s) {
            String shown = s.length() > 120 ? s.substring(0, 120) + "…(" + s.length() + " chars)" : s;
            return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
        }
        return String.valueOf(c.value());
    }

    private static String instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)).toString();
    }
}
