package io.stratmon.app.config;

import io.stratmon.shipper.HostName;
import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.shipper.config.ConfigException;
import io.stratmon.shipper.config.ConfigKey;
import io.stratmon.shipper.config.ConfigProblem;
import io.stratmon.shipper.config.ConfigTable;
import io.stratmon.shipper.config.InputReader;
import io.stratmon.shipper.config.TomlDocument;
import io.stratmon.shipper.mapping.Labels;
import io.stratmon.shipper.sink.Retention;
import io.stratmon.shipper.sink.SinkConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code stratmon.toml}: environment substitution, TOML, then every key of the table {@link ConfigKeys#KEYS}
 * (and {@link InputReader#KEYS} per {@code [[inputs]]}) strictly, then the rules across keys. An unknown key, a wrong
 * type, a missing or invalid value is a {@link ConfigProblem} naming the key path and its line; all of them are
 * reported at once in a {@link ConfigException}, and nothing starts. Warnings (TCP, TCP with dedup, an exposed
 * dashboard) are printed as {@code file:line: key: message}. {@code config/stratmon.sample.toml} shows every key.
 *
 * <pre>{@code
 * StratmonConfig config = ConfigLoader.load(Path.of("stratmon.toml"), System.getenv());
 * }</pre>
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    public static StratmonConfig load(Path file, Map<String, String> env) throws IOException {
        return load(file, env, true);
    }

    /** @param inputsRequired false for {@code demo} (it adds the demo trader's input), {@code up} (a central host ships nothing itself) and {@code check-config} */
    public static StratmonConfig load(Path file, Map<String, String> env, boolean inputsRequired) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of(ConfigProblem.of("", "file not found [path=" + file.toAbsolutePath() + "]")));
        } catch (IOException e) {
            // A directory, no permission, bytes that are not UTF-8: the file and the reason, in one line.
            String why = Files.isDirectory(file) ? "is a directory, not a file" : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.charset.CharacterCodingException ? "not UTF-8 text" : e.toString();
            throw new ConfigException(file.toString(), List.of(ConfigProblem.of("", "cannot read the file [path=" + file.toAbsolutePath() + "]: " + why)));
        }
        return parse(text, file.toString(), env, inputsRequired);
    }

    public static StratmonConfig parse(String text, String source, Map<String, String> env, boolean inputsRequired) {
        EnvSubstitution.Result substituted = EnvSubstitution.apply(text, withHostname(env), EnvSubstitution.Mode.STRICT);
        if (!substituted.problems().isEmpty()) throw new ConfigException(source, substituted.problems());
        TomlDocument doc = TomlDocument.parse(substituted.text(), source);
        ConfigTable root = doc.root();
        List<ConfigProblem> warnings = new ArrayList<>();

        // Every key of the table, section by section: the value when present, else the default.
        StratmonConfig c = StratmonConfig.defaults();
        Map<String, ConfigTable> tables = new LinkedHashMap<>();
        List<String> sections = new ArrayList<>(ConfigKeys.sections());
        sections.add("inputs");
        root.known(sections);
        for (String section : ConfigKeys.sections()) {
            ConfigTable t = orEmpty(root, section, doc);
            List<String> known = new ArrayList<>(ConfigKeys.KEYS.stream().filter(k -> k.section().equals(section)).map(ConfigKey::name).toList());
            if (section.equals("alerts")) known.addAll(AlertsSection.TARGETS);
            if (section.equals("retention")) known.addAll(t.keys()); // table names and globs
            t.known(known);
            tables.put(section, t);
        }
        for (ConfigKey<StratmonConfig, ?> key : ConfigKeys.KEYS) c = key.read(tables.get(key.section()), c);

        ConfigTable q = tables.get("questdb");
        StratmonConfig.QuestDb questdb = c.questdb();
        if (!questdb.embedded()) {
            for (String key : List.of("data_dir", "http_port", "pg_port", "ilp_tcp_port")) {
                if (q.has(key)) q.problem(key, "only for an embedded QuestDB; remove it, or remove url to run QuestDB embedded");
            }
        }
        if (questdb.password() != null && questdb.username() == null) q.problem("password", "set username too");
        String sinkUrl = questdb.embedded() ? "http://127.0.0.1:" + Math.max(1, questdb.httpPort()) : questdb.url();
        SinkConfig sink = c.shipper().sink().withUrl(sinkUrl);
        if (questdb.username() != null) sink = sink.withCredentials(questdb.username(), questdb.password());
        ShipperConfig shipper = c.shipper().withSink(sink);

        ConfigTable s = tables.get("shipper");
        if (sink.isTcp() && shipper.dedup()) {
            // Deduplicated tables are created over HTTP; say so rather than quietly shipping without it.
            if (s.has("dedup")) {
                warnings.add(ConfigProblem.of("shipper.dedup", "needs ILP over HTTP (tables are created over HTTP): it is off with a tcp:// url; a replay after a crash may duplicate rows"));
            }
            shipper = shipper.withDedup(false);
        }
        if (sink.isTcp()) warnings.add(ConfigProblem.of("questdb.url", tcpWarning()));

        List<InputConfig> inputs = new ArrayList<>();
        List<ConfigTable> inputTables = root.tables("inputs");
        if (inputTables.isEmpty() && inputsRequired && doc.problems().isEmpty()) {
            doc.problem("inputs", "missing: add at least one [[inputs]] table with the files to ship");
        }
        for (ConfigTable t : inputTables) {
            InputConfig input = InputReader.read(t, true, defaultLabels());
            if (input != null) inputs.add(input);
        }
        c = c.withShipper(shipper.withInputs(inputs));

        if (c.dashboard().enabled() && c.dashboard().access().token() == null && !io.stratmon.dashboard.access.AccessConfig.isLoopback(c.dashboard().host())) {
            warnings.add(ConfigProblem.of("dashboard.host", "the dashboard has no token; anyone who reaches " + c.dashboard().host() + " sees your data"));
        }
        // Own-table defaults where this process owns the QuestDB or the file has [retention]; an agent's file without
        // one leaves the central server's TTLs alone.
        boolean ownsRetention = c.questdb().embedded() || root.has("retention");
        Retention retention = c.shipper().retention();
        retention = new Retention(retention.defaultTtl(), retention.rules(), ownsRetention);
        c = c.withShipper(c.shipper().withRetention(RetentionSection.withRules(retention, tables.get("retention"))));
        c = c.withAlerts(AlertsSection.withTargets(c.alerts(), tables.get("alerts"))); // [[alerts.alertmanager]], [[alerts.webhook]]
        for (var rule : ConfigKeys.PROBLEMS.entrySet()) {
            if (tables.containsKey(rule.getKey())) rule.getValue().apply(c).forEach(doc::problem);
        }
        doc.finish();
        List<String> printed = warnings.stream().map(w -> w.atLine(doc.lineOf(w.path())).format(source)).toList();
        return c.withOrigin(source, printed);
    }

    /**
     * The labels every input has unless it sets them: {@code host} = the machine's host name ({@link HostName#local}).
     * {@code stratmon.toml}, {@code --file}, {@code --telegraf} (Telegraf adds a {@code host} tag too) and the demo.
     */
    public static Map<String, String> defaultLabels() {
        return Map.of(Labels.HOST, HostName.local());
    }

    /**
     * {@code env} with {@code HOSTNAME} = the machine's host name when it is not set: bash sets HOSTNAME without
     * exporting it and systemd does not set it, so {@code host = "${HOSTNAME}"} would otherwise fail under a service.
     */
    static Map<String, String> withHostname(Map<String, String> env) {
        if (env.containsKey("HOSTNAME")) return env;
        Map<String, String> with = new java.util.HashMap<>(env);
        with.put("HOSTNAME", HostName.local());
        return with;
    }

    /** What every start on ILP over TCP says. */
    public static String tcpWarning() {
        return "ILP over TCP gives no acknowledgements: QuestDB closes the connection on a bad row and rows in flight are lost "
                + "silently. Use an http:// URL (ILP over HTTP) for exactly-once delivery: rows are acknowledged, checkpoints move "
                + "only then, and bad rows are dead-lettered.";
    }

    private static ConfigTable orEmpty(ConfigTable root, String key, TomlDocument doc) {
        ConfigTable t = root.table(key);
        return t != null ? t : TomlDocument.parse("", doc.source()).root();
    }
}
