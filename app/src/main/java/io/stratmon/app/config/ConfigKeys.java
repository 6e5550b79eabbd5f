package io.stratmon.app.config;

import io.stratmon.alerts.AlertsConfig;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.shipper.TailConfig;
import io.stratmon.shipper.config.ConfigKey;
import io.stratmon.shipper.config.ConfigProblem;
import io.stratmon.shipper.config.InputReader;
import io.stratmon.shipper.config.ValueType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The table of {@code stratmon.toml}'s keys: path, type, default, meaning, and where the value lives in
 * {@link StratmonConfig}. {@link ConfigLoader} reads by it, {@code check-config} prints the effective config by it,
 * and {@code ConfigKeysTest} checks that {@code config/stratmon.sample.toml} and {@code docs/config.md} name every
 * key (and the sample no other). The {@code [[inputs]]} keys are {@link InputReader#KEYS}.
 *
 * <p>To add a key: a field (with a {@code withX} copy method) in the record it configures, one row below, and a line
 * in the sample and in docs/config.md (the test says which is missing). A new section is rows with a new first path
 * part, plus, when it has rules across keys, a row in {@link #PROBLEMS}.
 */
public final class ConfigKeys {
    private ConfigKeys() {}

    public static final List<ConfigKey<StratmonConfig, ?>> KEYS = List.of(
            questdb("url", ValueType.STRING, null, "external QuestDB: http(s):// (ILP over HTTP, acknowledged) or tcp:// (no acknowledgements); none: embedded",
                    StratmonConfig.QuestDb::url, StratmonConfig.QuestDb::withUrl),
            questdb("username", ValueType.STRING, null, "HTTP Basic user (QuestDB http.user)", StratmonConfig.QuestDb::username, StratmonConfig.QuestDb::withUsername),
            questdb("password", ValueType.STRING, null, "HTTP Basic password (QuestDB http.password)", StratmonConfig.QuestDb::password, StratmonConfig.QuestDb::withPassword),
            ConfigKey.of("questdb.protocol_version", ValueType.INTEGER, 2, "ILP protocol version: 2 (binary doubles, QuestDB 9+) or 1",
                    c -> c.shipper().sink().protocolVersion(), (c, v) -> c.withShipper(c.shipper().withSink(c.shipper().sink().withProtocolVersion(v)))),
            embedded("data_dir", ValueType.PATH, Path.of("stratmon-data/questdb"), "embedded QuestDB's data", StratmonConfig.QuestDb::dataDir, StratmonConfig.QuestDb::withDataDir),
            embedded("http_port", ValueType.PORT, 7301, "embedded QuestDB's HTTP port (0 = any free port)", StratmonConfig.QuestDb::httpPort, StratmonConfig.QuestDb::withHttpPort),
            embedded("pg_port", ValueType.PORT, 7302, "embedded QuestDB's PostgreSQL port", StratmonConfig.QuestDb::pgPort, StratmonConfig.QuestDb::withPgPort),
            embedded("ilp_tcp_port", ValueType.PORT, 7303, "embedded QuestDB's ILP/TCP port", StratmonConfig.QuestDb::ilpTcpPort, StratmonConfig.QuestDb::withIlpTcpPort),

            shipper("state_dir", ValueType.PATH, Path.of("stratmon-data/state"), "checkpoints and the dead-letter file", ShipperConfig::stateDir, ShipperConfig::withStateDir),
            tail("read_from", ValueType.choice(TailConfig.ReadFrom.class), TailConfig.ReadFrom.BEGINNING, "where to start in a file never seen before",
                    TailConfig::readFrom, TailConfig::withReadFrom),
            tail("max_line_bytes", ValueType.INTEGER, 1_048_576, "longer lines are dead-lettered", TailConfig::maxLineBytes, TailConfig::withMaxLineBytes),
            shipper("batch_max_rows", ValueType.INTEGER, 50_000, "rows per ILP request", ShipperConfig::maxBatchRows, ShipperConfig::withMaxBatchRows),
            shipper("batch_max_bytes", ValueType.LONG, 16L * 1024 * 1024, "about this many bytes of lines per ILP request", ShipperConfig::maxBatchBytes, ShipperConfig::withMaxBatchBytes),
            tail("rotate_wait", ValueType.DURATION, Duration.ofSeconds(5), "how long a rotated-away file stays open after it was drained",
                    TailConfig::rotateWait, TailConfig::withRotateWait),
            tail("poll_interval", ValueType.DURATION, Duration.ofMillis(20), "wait when every file is at its end (the latency floor)",
                    TailConfig::pollInterval, TailConfig::withPollInterval),
            tail("scan_interval", ValueType.DURATION, Duration.ofMillis(500), "how often globs are expanded again", TailConfig::scanInterval, TailConfig::withScanInterval),
            shipper("dedup", ValueType.BOOLEAN, true, "exactly-once replays with DEDUP UPSERT KEYS(timestamp, _src, _offset); off with a tcp:// url",
                    ShipperConfig::dedup, ShipperConfig::withDedup),
            shipper("metrics_interval", ValueType.DURATION, Duration.ofSeconds(5), "how often the shipper writes its metrics to stratmon_shipper; 0s: never",
                    ShipperConfig::metricsInterval, ShipperConfig::withMetricsInterval),
            shipper("metrics_listen", ValueType.STRING, null, "ship: serve /metrics, /health and /ready on this host:port (e.g. 127.0.0.1:9464); none: not served",
                    ShipperConfig::metricsListen, ShipperConfig::withMetricsListen),
            shipper("metrics_allow_remote", ValueType.BOOLEAN, false, "allow a non-loopback metrics_listen (the endpoints have no login; they carry no secrets)",
                    ShipperConfig::metricsAllowRemote, ShipperConfig::withMetricsAllowRemote),
            shipper("max_new_columns_per_table_per_minute", ValueType.INTEGER, 100, "a line adding more new columns to a table within a minute is dead-lettered",
                    ShipperConfig::maxNewColumnsPerTablePerMinute, ShipperConfig::withMaxNewColumnsPerTablePerMinute),
            shipper("max_new_tables_per_minute", ValueType.INTEGER, 100, "a line creating more new tables within a minute is dead-lettered",
                    ShipperConfig::maxNewTablesPerMinute, ShipperConfig::withMaxNewTablesPerMinute),
            shipper("max_tables", ValueType.INTEGER, 1_000, "no new table once QuestDB holds this many (all tables, yours too)",
                    ShipperConfig::maxTables, ShipperConfig::withMaxTables),

            dashboard("enabled", ValueType.BOOLEAN, true, "serve the dashboard", StratmonConfig.Dashboard::enabled, StratmonConfig.Dashboard::withEnabled),
            dashboard("host", ValueType.STRING, "127.0.0.1", "interface to listen on; another than loopback needs allow_remote and token", StratmonConfig.Dashboard::host, StratmonConfig.Dashboard::withHost),
            dashboard("port", ValueType.PORT, 7300, "HTTP port (0 = any free port)", StratmonConfig.Dashboard::port, StratmonConfig.Dashboard::withPort),
            dashboard("dashboards_dir", ValueType.PATH, null, "a directory of your own dashboard files (TOML or JSON)",
                    StratmonConfig.Dashboard::dashboardsDir, StratmonConfig.Dashboard::withDashboardsDir),
            dashboard("allow_remote", ValueType.BOOLEAN, false, "listen on a non-loopback host (needs token)",
                    d -> d.access().allowRemote(), (d, v) -> d.withAccess(d.access().withAllowRemote(v))),
            dashboard("token", ValueType.STRING, null, "secret every route but /health asks for (Authorization: Bearer, or the cookie of the login link); e.g. \"${STRATMON_DASHBOARD_TOKEN}\"",
                    d -> d.access().token(), (d, v) -> d.withAccess(d.access().withToken(v))),
            dashboard("allowed_hosts", ValueType.STRINGS, List.of(), "more names the Host header may carry (the name people type), besides loopback and the listen address",
                    d -> d.access().allowedHosts(), (d, v) -> d.withAccess(d.access().withAllowedHosts(v))),

            ConfigKey.of("retention.default", ValueType.DAYS, null, "TTL of every table no other [retention] key names (whole days); none: kept forever",
                    c -> c.shipper().retention().defaultTtl(), (c, v) -> c.withShipper(c.shipper().withRetention(c.shipper().retention().withDefault(v)))),

            alerts("rules", ValueType.STRINGS, List.of(), "globs of rule files, relative to the config file; \"builtin\" = the demo strategy's rules; none: alerting off",
                    AlertsConfig::rules, AlertsConfig::withRules),
            alerts("evaluation_interval", ValueType.DURATION, Duration.ofSeconds(10), "how often a rule group is evaluated, unless it sets interval",
                    AlertsConfig::evaluationInterval, AlertsConfig::withEvaluationInterval),
            alerts("resend_delay", ValueType.DURATION, Duration.ofMinutes(1), "how often a still-firing alert is sent again",
                    AlertsConfig::resendDelay, AlertsConfig::withResendDelay),
            alerts("query_timeout", ValueType.DURATION, Duration.ofSeconds(10), "a slower rule query puts its rule in error",
                    AlertsConfig::queryTimeout, AlertsConfig::withQueryTimeout),
            alerts("max_rows", ValueType.INTEGER, 1000, "a rule query returning more rows is in error, not a flood of alerts",
                    AlertsConfig::maxRows, AlertsConfig::withMaxRows),
            alerts("failing_after", ValueType.INTEGER, 3, "the built-in AlertRuleFailing fires once a rule failed this many evaluations in a row",
                    AlertsConfig::failingAfter, AlertsConfig::withFailingAfter));

    /** Keys whose value {@code check-config} does not print. */
    public static final Set<String> SECRETS = Set.of("questdb.password", "dashboard.token");

    /** Rules across the keys of a section, each problem with its full key path. */
    public static final Map<String, Function<StratmonConfig, List<ConfigProblem>>> PROBLEMS = Map.of(
            "questdb", c -> c.shipper().sink().problems().stream().map(p -> p.under("questdb")).toList(),
            "shipper", c -> c.shipper().shipperProblems(),
            "dashboard", c -> c.dashboard().host().isBlank() ? List.of(ConfigProblem.of("dashboard.host", "must not be empty"))
                    : c.dashboard().enabled() ? c.dashboard().access().problems(c.dashboard().host()).stream().map(p -> ConfigProblem.of(p.key(), p.message())).toList() : List.of(),
            "alerts", c -> AlertsSection.problems(c.alerts()),
            "retention", c -> c.shipper().retention().problems().stream().map(p -> p.under("retention")).toList());

    /** The sections in table order: {@code questdb}, {@code shipper}, {@code dashboard}. */
    public static List<String> sections() {
        Map<String, Boolean> sections = new LinkedHashMap<>();
        KEYS.forEach(k -> sections.put(k.section(), true));
        return List.copyOf(sections.keySet());
    }

    private static <T> ConfigKey<StratmonConfig, T> questdb(String name, ValueType<T> type, T defaultValue, String description,
                                                          Function<StratmonConfig.QuestDb, T> get,
                                                          BiFunction<StratmonConfig.QuestDb, T, StratmonConfig.QuestDb> set) {
        return ConfigKey.of("questdb." + name, type, defaultValue, description, c -> get.apply(c.questdb()),
                (c, v) -> c.withQuestdb(set.apply(c.questdb(), v)));
    }

    /** Keys for an embedded QuestDB only: not written for an external one. */
    private static <T> ConfigKey<StratmonConfig, T> embedded(String name, ValueType<T> type, T defaultValue, String description,
                                                           Function<StratmonConfig.QuestDb, T> get,
                                                           BiFunction<StratmonConfig.QuestDb, T, StratmonConfig.QuestDb> set) {
        return ConfigKey.of("questdb." + name, type, defaultValue, description, c -> c.questdb().embedded() ? get.apply(c.questdb()) : null,
                (c, v) -> c.withQuestdb(set.apply(c.questdb(), v)));
    }

    private static <T> ConfigKey<StratmonConfig, T> shipper(String name, ValueType<T> type, T defaultValue, String description,
                                                          Function<ShipperConfig, T> get, BiFunction<ShipperConfig, T, ShipperConfig> set) {
        return ConfigKey.of("shipper." + name, type, defaultValue, description, c -> get.apply(c.shipper()),
                (c, v) -> c.withShipper(set.apply(c.shipper(), v)));
    }

    private static <T> ConfigKey<StratmonConfig, T> tail(String name, ValueType<T> type, T defaultValue, String description,
                                                       Function<TailConfig, T> get, BiFunction<TailConfig, T, TailConfig> set) {
        return shipper(name, type, defaultValue, description, s -> get.apply(s.tail()), (s, v) -> s.withTail(set.apply(s.tail(), v)));
    }

    private static <T> ConfigKey<StratmonConfig, T> alerts(String name, ValueType<T> type, T defaultValue, String description,
                                                         Function<AlertsConfig, T> get, BiFunction<AlertsConfig, T, AlertsConfig> set) {
        return ConfigKey.of("alerts." + name, type, defaultValue, description, c -> get.apply(c.alerts()),
                (c, v) -> c.withAlerts(set.apply(c.alerts(), v)));
    }

    private static <T> ConfigKey<StratmonConfig, T> dashboard(String name, ValueType<T> type, T defaultValue, String description,
                                                            Function<StratmonConfig.Dashboard, T> get,
                                                            BiFunction<StratmonConfig.Dashboard, T, StratmonConfig.Dashboard> set) {
        return ConfigKey.of("dashboard." + name, type, defaultValue, description, c -> get.apply(c.dashboard()),
                (c, v) -> c.withDashboard(set.apply(c.dashboard(), v)));
    }
}
