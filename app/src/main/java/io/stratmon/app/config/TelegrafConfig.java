package io.stratmon.app.config;

import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.mapping.Labels;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.shipper.TailConfig;
import io.stratmon.shipper.config.ConfigException;
import io.stratmon.shipper.config.ConfigProblem;
import io.stratmon.shipper.config.ConfigTable;
import io.stratmon.shipper.config.TomlDocument;
import io.stratmon.shipper.mapping.MappingConfig;
import io.stratmon.shipper.sink.SinkConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Telegraf config ({@code [[inputs.tail]]} with the JSON parser, and an ILP output) and ships with the same
 * meaning: the rows Telegraf would write. Numbers are DOUBLE, strings and booleans are kept only when listed in
 * {@code json_string_fields} (or {@code tag_keys}, as SYMBOL), nested objects and arrays are flattened with {@code _},
 * lines without a string {@code json_name_key} go to table {@code tail} (Telegraf's name for the input).
 * Options stratmon does not support are named in {@link Result#warnings()}, never ignored silently; options that
 * would change the meaning if ignored (another data format, a complex json_query, a UDP output) are problems.
 */
public final class TelegrafConfig {
    private TelegrafConfig() {}

    public record Result(ShipperConfig shipper, List<String> warnings) {}

    private static final Set<String> TAIL_KEYS = Set.of("files", "from_beginning", "initial_read_offset", "data_format",
            "json_name_key", "json_time_key", "json_time_format", "json_timezone", "json_string_fields", "tag_keys",
            "json_strict", "json_query", "name_override", "name_prefix", "name_suffix", "fieldpass", "fieldinclude",
            "fielddrop", "fieldexclude", "character_encoding");

    public static Result load(Path file, Map<String, String> env, Path stateDir) throws IOException {
        return parse(Files.readString(file), file.toString(), env, stateDir);
    }

    public static Result parse(String text, String source, Map<String, String> env, Path stateDir) {
        EnvSubstitution.Result substituted = EnvSubstitution.apply(text, env, EnvSubstitution.Mode.TELEGRAF);
        if (!substituted.problems().isEmpty()) throw new ConfigException(source, substituted.problems());
        List<String> warnings = new ArrayList<>(substituted.warnings());
        TomlDocument doc = TomlDocument.parse(substituted.text(), source);
        ConfigTable root = doc.root();

        String host = null; // the machine's host name (the default label)
        for (String section : root.keys()) {
            if (section.equals("inputs") || section.equals("outputs")) continue;
            ConfigTable t = root.table(section);
            if (t != null && section.equals("agent")) {
                // Telegraf tags every metric with host (the machine's name, or [agent] hostname) unless omit_hostname.
                if (t.bool("omit_hostname", false)) host = "";
                else if (t.has("hostname") && !t.string("hostname", "").isEmpty()) host = t.string("hostname", "");
                List<String> keys = new ArrayList<>(t.keys());
                keys.removeAll(List.of("omit_hostname", "hostname"));
                keys.forEach(t::ignore);
                if (!keys.isEmpty()) {
                    warnings.add("[agent] " + String.join(", ", keys) + ": not used; stratmon reads lines as they are "
                            + "written and sends each batch at once (no collection or flush interval)");
                }
            } else {
                if (t != null) t.keys().forEach(t::ignore);
                warnings.add("[" + section + "]: not supported, ignored");
            }
        }

        List<InputConfig> inputs = new ArrayList<>();
        TailConfig.ReadFrom readFrom = null;
        ConfigTable inputsTable = root.table("inputs");
        if (inputsTable != null) {
            for (String plugin : inputsTable.keys()) {
                List<ConfigTable> instances = inputsTable.tables(plugin);
                if (!plugin.equals("tail")) {
                    instances.forEach(t -> t.keys().forEach(t::ignore));
                    warnings.add("[[inputs." + plugin + "]]: not supported (stratmon ships JSON log files: inputs.tail), ignored");
                    continue;
                }
                for (ConfigTable t : instances) {
                    TailConfig.ReadFrom r = readFrom(t, warnings);
                    if (readFrom != null && r != readFrom) {
                        warnings.add(t.path() + ": stratmon has one start position for new files; using " + readFrom.name().toLowerCase(Locale.ROOT));
                    } else {
                        readFrom = r;
                    }
                    InputConfig input = tail(t, warnings);
                    if (input != null) inputs.add(host == null ? input : input.withLabels(input.labels().with(Map.of(Labels.HOST, host))));
                }
            }
        }
        if (inputs.isEmpty() && doc.problems().isEmpty()) doc.problem("inputs", "no [[inputs.tail]] to ship");

        SinkConfig sink = output(root, doc, warnings);
        ShipperConfig shipper = null;
        if (sink != null) {
            for (ConfigProblem p : sink.problems()) doc.problem("outputs", p.message());
            if (sink.isTcp()) warnings.add(ConfigLoader.tcpWarning());
            TailConfig tail = TailConfig.defaults().withReadFrom(readFrom == null ? TailConfig.ReadFrom.END : readFrom);
            shipper = ShipperConfig.of(List.of("unused"), sink.url(), stateDir).withSink(sink).withInputs(inputs).withTail(tail);
        }
        doc.finish();
        return new Result(shipper, List.copyOf(warnings));
    }

    private static TailConfig.ReadFrom readFrom(ConfigTable t, List<String> warnings) {
        String offset = t.choice("initial_read_offset", null, List.of("beginning", "end", "saved-or-end", "saved-or-beginning"));
        boolean fromBeginning = t.bool("from_beginning", false);
        if (offset == null) offset = fromBeginning ? "beginning" : "saved-or-end";
        if (offset.equals("beginning") || offset.equals("end")) {
            warnings.add(t.path() + ": " + (t.has("from_beginning") ? "from_beginning = " + fromBeginning : "initial_read_offset = \"" + offset + "\"")
                    + " applies to files stratmon has not seen before; after a restart it resumes from its checkpoints"
                    + " (Telegraf would read the files again and write duplicates)");
        }
        return offset.endsWith("beginning") ? TailConfig.ReadFrom.BEGINNING : TailConfig.ReadFrom.END;
    }

    private static InputConfig tail(ConfigTable t, List<String> warnings) {
        List<String> unsupported = new ArrayList<>();
        for (String key : t.keys()) {
            if (!TAIL_KEYS.contains(key)) {
                t.ignore(key);
                unsupported.add(key);
            }
        }
        if (!unsupported.isEmpty()) warnings.add(t.path() + ": not supported, ignored: " + String.join(", ", unsupported));
        List<String> files = t.strings("files", null);
        if (files == null || files.isEmpty()) t.problem("files", "missing: the files to tail");
        String format = t.string("data_format", "influx");
        if (!format.equals("json")) {
            t.problem("data_format", "stratmon reads JSON lines with Telegraf's json parser only (data_format = \"json\") [value=" + format + "]");
        }
        String encoding = t.string("character_encoding", "");
        if (!encoding.isEmpty() && !encoding.equalsIgnoreCase("utf-8") && !encoding.equalsIgnoreCase("utf8")) {
            t.problem("character_encoding", "only UTF-8 is supported [value=" + encoding + "]");
        }
        MappingConfig.Builder b = MappingConfig.preset("telegraf").toBuilder();
        b.nameKey(t.string("json_name_key", null));
        String timeKey = t.string("json_time_key", null);
        String timeFormat = t.string("json_time_format", null);
        if (timeKey != null && timeFormat == null) {
            t.problem("json_time_key", "requires json_time_format (as Telegraf says: use of 'json_time_key' requires 'json_time_format')");
        }
        if (timeKey != null) {
            b.timeKey(timeKey).timeFallback(MappingConfig.TimeFallback.DEAD_LETTER);
            if (timeFormat != null) b.timeFormat(timeFormat);
        }
        String zone = t.string("json_timezone", null);
        if (zone != null && !zone.isBlank()) b.timezone(zone);
        b.stringFields(t.strings("json_string_fields", List.of()));
        b.tags(t.strings("tag_keys", List.of()));
        t.bool("json_strict", true); // one object per line: a line that does not parse is dead-lettered either way
        String query = t.string("json_query", null);
        if (query != null && !query.isBlank()) b.query(query);
        String override = t.string("name_override", null);
        if (override != null) b.table(override).nameKey(null);
        b.tablePrefix(t.string("name_prefix", ""));
        b.tableSuffix(t.string("name_suffix", ""));
        List<String> include = new ArrayList<>(t.strings("fieldpass", List.of()));
        include.addAll(t.strings("fieldinclude", List.of()));
        List<String> exclude = new ArrayList<>(t.strings("fielddrop", List.of()));
        exclude.addAll(t.strings("fieldexclude", List.of()));
        b.include(include).exclude(exclude);
        MappingConfig mapping = b.build();
        for (ConfigProblem p : mapping.problems()) {
            String telegrafKey = switch (p.path()) {
                case "time_format" -> "json_time_format";
                case "timezone" -> "json_timezone";
                case "query" -> "json_query";
                case "table" -> "name_override";
                default -> p.path();
            };
            t.problem(telegrafKey, p.message());
        }
        if (files == null || files.isEmpty() || !mapping.problems().isEmpty()) return null;
        return new InputConfig(List.copyOf(files), mapping);
    }

    private static SinkConfig output(ConfigTable root, TomlDocument doc, List<String> warnings) {
        ConfigTable outputs = root.table("outputs");
        List<SinkConfig> sinks = new ArrayList<>();
        if (outputs != null) {
            for (String plugin : outputs.keys()) {
                for (ConfigTable t : outputs.tables(plugin)) {
                    SinkConfig sink = switch (plugin) {
                        case "socket_writer" -> socketWriter(t, warnings);
                        case "influxdb_v2" -> influx(t, "urls", warnings, List.of("token", "organization", "bucket"));
                        case "influxdb" -> influx(t, "urls", warnings, List.of("database"));
                        case "http" -> http(t, warnings);
                        default -> {
                            t.keys().forEach(t::ignore);
                            warnings.add("[[outputs." + plugin + "]]: not supported (stratmon writes to QuestDB over ILP), ignored");
                            yield null;
                        }
                    };
                    if (sink != null) sinks.add(sink);
                }
            }
        }
        if (sinks.isEmpty()) {
            if (doc.problems().isEmpty()) doc.problem("outputs", "no QuestDB output: add [[outputs.socket_writer]] (tcp://), [[outputs.influxdb_v2]] or [[outputs.http]] (http://)");
            return null;
        }
        if (sinks.size() > 1) warnings.add("several outputs: stratmon ships to the first one only [url=" + sinks.get(0).url() + "]");
        return sinks.get(0);
    }

    private static SinkConfig socketWriter(ConfigTable t, List<String> warnings) {
        String address = t.requiredString("address");
        String format = t.string("data_format", "influx");
        if (!format.equals("influx")) t.problem("data_format", "QuestDB reads ILP: data_format must be \"influx\" [value=" + format + "]");
        unsupportedKeys(t, warnings, Set.of("address", "data_format"));
        if (address == null) return null;
        if (!address.startsWith("tcp://")) {
            t.problem("address", "only tcp:// is supported (QuestDB's ILP over TCP); udp:// and unix:// are not [value=" + address + "]");
            return null;
        }
        return SinkConfig.of(address);
    }

    private static SinkConfig influx(ConfigTable t, String key, List<String> warnings, List<String> notUsed) {
        List<String> urls = t.strings(key, List.of("http://localhost:8086"));
        SinkConfig sink = SinkConfig.of(urls.isEmpty() ? "" : urls.get(0));
        String user = t.string("username", null);
        if (user != null) sink = sink.withCredentials(user, t.string("password", ""));
        for (String k : notUsed) {
            if (t.has(k)) {
                t.ignore(k);
                warnings.add(t.path() + "." + k + ": not used by QuestDB's ILP over HTTP, ignored");
            }
        }
        if (urls.size() > 1) warnings.add(t.path() + ".urls: only the first URL is used [url=" + urls.get(0) + "]");
        Set<String> handled = new java.util.HashSet<>(notUsed);
        handled.addAll(Set.of(key, "username", "password"));
        unsupportedKeys(t, warnings, handled);
        return sink;
    }

    private static SinkConfig http(ConfigTable t, List<String> warnings) {
        String url = t.requiredString("url");
        String format = t.string("data_format", "influx");
        if (!format.equals("influx")) t.problem("data_format", "QuestDB reads ILP: data_format must be \"influx\" [value=" + format + "]");
        String method = t.string("method", "POST");
        if (!method.equalsIgnoreCase("POST")) t.problem("method", "must be POST [value=" + method + "]");
        String user = t.string("username", null);
        String password = t.string("password", "");
        unsupportedKeys(t, warnings, Set.of("url", "data_format", "method", "username", "password"));
        if (url == null) return null;
        // QuestDB's ILP endpoint is the server root (/write); a URL with a path like /write is trimmed to its origin.
        java.net.URI uri = java.net.URI.create(url);
        String origin = uri.getScheme() + "://" + uri.getAuthority();
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            warnings.add(t.path() + ".url: stratmon sends to QuestDB's ILP endpoint at " + origin + " [path=" + uri.getPath() + "]");
        }
        SinkConfig sink = SinkConfig.of(origin);
        return user == null ? sink : sink.withCredentials(user, password);
    }

    /** Names (and marks handled) every key of an output other than the ones it reads. */
    private static void unsupportedKeys(ConfigTable t, List<String> warnings, Set<String> handled) {
        List<String> unknown = new ArrayList<>();
        for (String key : t.keys()) {
            if (!handled.contains(key)) unknown.add(key);
        }
        unknown.forEach(t::ignore);
        if (!unknown.isEmpty()) warnings.add(t.path() + ": not supported, ignored: " + String.join(", ", unknown));
    }
}
