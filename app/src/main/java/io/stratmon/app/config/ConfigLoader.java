package io.stratmon.app.config;

import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.shipper.TailConfig;
import io.stratmon.shipper.config.ConfigException;
import io.stratmon.shipper.config.ConfigTable;
import io.stratmon.shipper.config.InputReader;
import io.stratmon.shipper.config.TomlDocument;
import io.stratmon.shipper.sink.SinkConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code stratmon.toml}: environment substitution, TOML, then every section strictly. An unknown key, a wrong
 * type, a missing or invalid value is a problem naming the key and its line; all of them are reported at once in a
 * {@link ConfigException}, and nothing starts. {@code config/stratmon.sample.toml} documents every key.
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

    /** @param inputsRequired false for {@code demo}, which adds the demo trader's input itself */
    public static StratmonConfig load(Path file, Map<String, String> env, boolean inputsRequired) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of("file not found [path=" + file.toAbsolutePath() + "]"));
        }
        return parse(text, file.toString(), env, inputsRequired);
    }

    public static StratmonConfig parse(String text, String source, Map<String, String> env, boolean inputsRequired) {
        EnvSubstitution.Result substituted = EnvSubstitution.apply(text, env, EnvSubstitution.Mode.STRICT);
        if (!substituted.problems().isEmpty()) throw new ConfigException(source, substituted.problems());
        TomlDocument doc = TomlDocument.parse(substituted.text(), source);
        ConfigTable root = doc.root();
        List<String> warnings = new ArrayList<>();

        ConfigTable q = orEmpty(root, "questdb", doc);
        String url = q.string("url", null);
        StratmonConfig.QuestDb questdb = new StratmonConfig.QuestDb(url,
                Path.of(q.string("data_dir", "stratmon-data/questdb")),
                port(q, "http_port", 7301), port(q, "pg_port", 7302), port(q, "ilp_tcp_port", 7303),
                q.string("username", null), q.string("password", null));
        int protocolVersion = (int) q.integer("protocol_version", 2);
        if (url != null) {
            for (String key : List.of("data_dir", "http_port", "pg_port", "ilp_tcp_port")) {
                if (q.has(key)) q.problem(key, "only for an embedded QuestDB; remove it, or remove url to run QuestDB embedded");
            }
        }
        if (questdb.password() != null && questdb.username() == null) q.problem("password", "set username too");

        ConfigTable s = orEmpty(root, "shipper", doc);
        Path stateDir = Path.of(s.string("state_dir", "stratmon-data/state"));
        String readFrom = s.choice("read_from", "beginning", List.of("beginning", "end"));
        TailConfig tail = TailConfig.defaults()
                .withReadFrom(readFrom.equals("end") ? TailConfig.ReadFrom.END : TailConfig.ReadFrom.BEGINNING)
                .withMaxLineBytes((int) Math.min(Integer.MAX_VALUE, s.integer("max_line_bytes", TailConfig.defaults().maxLineBytes())));
        tail = tail.withRotateWait(s.duration("rotate_wait", tail.rotateWait()));
        int maxRows = (int) Math.min(Integer.MAX_VALUE, s.integer("batch_max_rows", 50_000));
        long maxBytes = s.integer("batch_max_bytes", 16L * 1024 * 1024);
        tail = tail.withPollInterval(s.duration("poll_interval", tail.pollInterval()))
                .withScanInterval(s.duration("scan_interval", tail.scanInterval()));
        boolean dedup = s.bool("dedup", true);
        Duration metricsInterval = s.duration("metrics_interval", Duration.ofSeconds(5));

        List<InputConfig> inputs = new ArrayList<>();
        List<ConfigTable> inputTables = root.tables("inputs");
        if (inputTables.isEmpty() && inputsRequired && doc.problems().isEmpty()) {
            doc.problem("inputs", "missing: add at least one [[inputs]] table with the files to ship");
        }
        for (ConfigTable t : inputTables) {
            InputConfig input = InputReader.read(t, true);
            if (input != null) inputs.add(input);
        }

        ConfigTable d = orEmpty(root, "dashboard", doc);
        String dashboardsDir = d.string("dashboards_dir", null);
        StratmonConfig.Dashboard dashboard = new StratmonConfig.Dashboard(d.bool("enabled", true),
                d.string("host", "127.0.0.1"), port(d, "port", 7300), dashboardsDir == null ? null : Path.of(dashboardsDir));
        if (!"127.0.0.1".equals(dashboard.host())) {
            warnings.add("dashboard.host = " + dashboard.host() + ": the dashboard has no login; anyone who reaches this address sees your data");
        }

        String sinkUrl = url == null ? "http://127.0.0.1:" + Math.max(1, questdb.httpPort()) : url;
        SinkConfig sink = SinkConfig.of(sinkUrl).withProtocolVersion(protocolVersion);
        if (questdb.username() != null) sink = sink.withCredentials(questdb.username(), questdb.password());
        for (String p : sink.problems()) {
            int colon = p.indexOf(": ");
            q.problem(p.substring("questdb.".length(), colon), p.substring(colon + 2));
        }
        ShipperConfig shipper = ShipperConfig.of(List.of("unused"), sinkUrl, stateDir).withInputs(inputs).withSink(sink)
                .withTail(tail).withMaxBatchRows(maxRows).withMaxBatchBytes(maxBytes).withDedup(dedup)
                .withMetricsInterval(metricsInterval);
        for (String p : tail.problems()) {
            int colon = p.indexOf(": ");
            s.problem(p.substring("tail.".length(), colon), p.substring(colon + 2));
        }
        if (maxRows < 1) s.problem("batch_max_rows", "must be positive [value=" + maxRows + "]");
        if (maxBytes < 1024) s.problem("batch_max_bytes", "must be at least 1024 [value=" + maxBytes + "]");
        if (metricsInterval.isNegative()) s.problem("metrics_interval", "must not be negative [value=" + metricsInterval + "]");
        if (sink.isTcp() && dedup && s.has("dedup")) warnings.add("shipper.dedup needs ILP over HTTP (tables are created over HTTP): it is off with a tcp:// url");
        if (sink.isTcp()) warnings.add(tcpWarning());
        io.stratmon.alerts.AlertsConfig alerts = AlertsSection.read(root); // [alerts]: see AlertsSection
        doc.finish();
        return new StratmonConfig(source, questdb, shipper, dashboard, List.copyOf(warnings), alerts);
    }

    /** What every start on ILP over TCP says. */
    public static String tcpWarning() {
        return "ILP over TCP gives no acknowledgements: QuestDB closes the connection on a bad row and rows in flight are lost "
                + "silently. Use an http:// URL (ILP over HTTP) for exactly-once delivery: rows are acknowledged, checkpoints move "
                + "only then, and bad rows are dead-lettered.";
    }

    private static int port(ConfigTable t, String key, int defaultValue) {
        long v = t.integer(key, defaultValue);
        if (v < 0 || v > 65535) {
            t.problem(key, "must be 0..65535 (0 = any free port) [value=" + v + "]");
            return defaultValue;
        }
        return (int) v;
    }

    private static ConfigTable orEmpty(ConfigTable root, String key, TomlDocument doc) {
        ConfigTable t = root.table(key);
        return t != null ? t : TomlDocument.parse("", doc.source()).root();
    }
}
