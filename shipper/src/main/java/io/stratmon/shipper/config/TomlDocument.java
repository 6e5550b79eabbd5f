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
 * doc.finish();                              // throws ConfigException listing every problem
 * }</pre>
 */
public final class TomlDocument {
    private static final TomlMapper TOML = new TomlMapper();

    private final String source;
    private final TomlLines lines;
    private final ConfigTable root;
    private final List<String> problems = new ArrayList<>();
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
            throw new ConfigException(source, List.of((line > 0 ? "line " + line + ": " : "") + "not valid TOML: " + e.getOriginalMessage()));
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
        int line = lines.lineOf(path);
        problems.add((line > 0 ? "line " + line + ": " : "") + (path.isEmpty() ? "" : path + ": ") + message);
    }

    /** Problems so far (without unknown keys, which {@link #finish()} adds). */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    void register(ConfigTable table) {
        tables.add(table);
    }

    /** Adds a problem for every key no getter read, then throws if there is any problem at all. */
    public void finish() {
        for (ConfigTable t : tables) t.reportUnknown();
        if (!problems.isEmpty()) throw new ConfigException(source, problems);
    }
}
