package io.stratmon.shipper.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * A TOML text read strictly: {@link #root()} gives a {@link ConfigTable} whose getters collect problems (each with
 * its key and line), and {@link #finish()} adds every key nobody asked for and throws once with all of them.
 *
 * <pre>{@code
 * TomlDocument doc = TomlDocument.parse(text, "stratmon.toml");
 * ConfigTable root = doc.root();
 * String url = root.string("url", null);
 * doc.finish();                              // throws ConfigException listing every problem, in file order
 * }</pre>
 */
public final class TomlDocument {
    private static final TomlMapper TOML = new TomlMapper();

    private final String source;
    private final TomlLines lines;
    private final ConfigTable root;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<ConfigTable> tables = new ArrayList<>();

    private TomlDocument(String source, String text, ObjectNode tree) {
        this.source = source;
        this.lines = new TomlLines(text);
        this.root = new ConfigTable(this, "", tree);
    }

    /** Parses the text; a syntax error throws {@link ConfigException} with its line. */
    public static TomlDocument parse(String text, String source) {
        try {
            JsonNode tree = TOML.readTree(text);
            return new TomlDocument(source, text, tree instanceof ObjectNode o ? o : TOML.createObjectNode());
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new ConfigException(source, List.of(new ConfigProblem("", line, "not valid TOML: " + e.getOriginalMessage())));
        }
    }

    public ConfigTable root() {
        return root;
    }

    public String source() {
        return source;
    }

    /** Records a problem at a key path ({@code inputs[0].files}); the line is looked up. */
    public void problem(String path, String message) {
        problem(ConfigProblem.of(path, message));
    }

    /** Records a problem whose path is from the root; its line is looked up when it has none. */
    public void problem(ConfigProblem problem) {
        problems.add(problem.line() > 0 ? problem : problem.atLine(lineOf(problem.path())));
    }

    /** The line of a key path, or of its nearest parent; 0 when unknown. */
    public int lineOf(String path) {
        return Math.max(0, lines.lineOf(path));
    }

    /** Problems so far (without unknown keys, which {@link #finish()} adds). */
    public List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    void register(ConfigTable table) {
        tables.add(table);
    }

    /** Adds a problem for every key no getter read, then throws if there is any problem at all. */
    public void finish() {
        for (ConfigTable t : tables) t.reportUnknown();
        // In file order, as an editor shows them; problems without a line (a missing section) last.
        problems.sort(java.util.Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line()));
        if (!problems.isEmpty()) throw new ConfigException(source, problems);
    }
}
