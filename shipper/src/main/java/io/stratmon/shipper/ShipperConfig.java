package io.stratmon.shipper;

import io.stratmon.shipper.config.ConfigProblem;
import io.stratmon.shipper.sink.Retention;
import io.stratmon.shipper.sink.SinkConfig;
import io.stratmon.shipper.sink.TableBudget;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the shipper needs: what to read, where to send it, where to keep its state.
 *
 * @param stateDir        checkpoints, the dead-letter file and status.json live here
 * @param maxBatchRows    a batch (one HTTP request) holds at most this many rows…
 * @param maxBatchBytes   …and at most about this many bytes of lines
 * @param dedup           make replays idempotent: tables are created with {@code DEDUP UPSERT KEYS(timestamp, _src, _offset)}
 *                        and every row carries {@code _src} (which file) and {@code _offset} (where in it)
 * @param metricsInterval how often the shipper writes its own metrics to the {@code stratmon_shipper} table (zero: never)
 * @param limits          caps on new tables and columns ({@code max_new_columns_per_table_per_minute},
 *                        {@code max_new_tables_per_minute}, {@code max_tables}): a line over them is dead-lettered
 * @param retention       the TTL of tables and views ({@code [retention]})
 * @param metricsListen   {@code host:port} where {@code stratmon ship} serves {@code /metrics}, {@code /health} and
 *                        {@code /ready} (null: not served); the shipper itself only counts
 * @param metricsAllowRemote a non-loopback {@code metricsListen} is refused unless this is true
 */
public record ShipperConfig(List<InputConfig> inputs, SinkConfig sink, Path stateDir, TailConfig tail,
                            int maxBatchRows, long maxBatchBytes, boolean dedup, Duration metricsInterval,
                            TableBudget.Limits limits, Retention retention, String metricsListen, boolean metricsAllowRemote) {

    public ShipperConfig {
        if (retention == null) retention = Retention.NONE;
    }

    /** Files with the default mapping; dedup is on, except with a {@code tcp://} url (dedup needs ILP over HTTP). */
    public static ShipperConfig of(List<String> files, String questDbUrl, Path stateDir) {
        SinkConfig sink = SinkConfig.of(questDbUrl);
        return new ShipperConfig(List.of(InputConfig.of(files)), sink, stateDir, TailConfig.defaults(),
                50_000, 16L * 1024 * 1024, !sink.isTcp(), Duration.ofSeconds(5), TableBudget.Limits.defaults(), Retention.NONE, null, false);
    }

    public ShipperConfig withTail(TailConfig value) {
        return new ShipperConfig(inputs, sink, stateDir, value, maxBatchRows, maxBatchBytes, dedup, metricsInterval, limits, retention, metricsListen, metricsAllowRemote);
    }

    public ShipperConfig withSink(SinkConfig value) {
        return new ShipperConfig(inputs, value, stateDir, tail, maxBatchRows, maxBatchBytes, dedup, metricsInterval, limits, retention, metricsListen, metricsAllowRemote);
    }

    /** The QuestDB login (HTTP Basic) for ILP and the shipper's queries; {@code stratmon up} passes the embedded one's. */
    public ShipperConfig withCredentials(String username, String password) {
        return withSink(sink.withCredentials(username, password));
    }

    public ShipperConfig withInputs(List<InputConfig> value) {
        return new ShipperConfig(value, sink, stateDir, tail, maxBatchRows, maxBatchBytes, dedup, metricsInterval, limits, retention, metricsListen, metricsAllowRemote);
    }

    public ShipperConfig withStateDir(Path value) {
        return new ShipperConfig(inputs, sink, value, tail, maxBatchRows, maxBatchBytes, dedup, metricsInterval, limits, retention, metricsListen, metricsAllowRemote);
    }

    public ShipperConfig withMaxBatchRows(int value) {
        return new ShipperConfig(inputs, sink, stateDir, tail, value, maxBatchBytes, dedup, metricsInterval, limits, retention, metricsListen, metricsAllowRemote);
    }

    public ShipperConfig withMaxBatchBytes(long value) {
        return new ShipperConfig(inputs, sink, stateDir, tail, maxBatchRows, value, dedup, metricsInterval, limits, retention, metricsListen, metricsAllowRemote);
    }

    public ShipperConfig withDedup(boolean value) {
        return new ShipperConfig(inputs, sink, stateDir, tail, maxBatchRows, maxBatchBytes, value, metricsInterval, limits, retention, metricsListen, metricsAllowRemote);
    }

    public ShipperConfig withMetricsInterval(Duration value) {
        return new ShipperConfig(inputs, sink, stateDir, tail, maxBatchRows, maxBatchBytes, dedup, value, limits, retention, metricsListen, metricsAllowRemote);
    }

    public ShipperConfig withRetention(Retention value) {
        return new ShipperConfig(inputs, sink, stateDir, tail, maxBatchRows, maxBatchBytes, dedup, metricsInterval, limits, value, metricsListen, metricsAllowRemote);
    }

    public ShipperConfig withLimits(TableBudget.Limits value) {
        return new ShipperConfig(inputs, sink, stateDir, tail, maxBatchRows, maxBatchBytes, dedup, metricsInterval, value, retention, metricsListen, metricsAllowRemote);
    }

    public ShipperConfig withMetricsListen(String value) {
        return new ShipperConfig(inputs, sink, stateDir, tail, maxBatchRows, maxBatchBytes, dedup, metricsInterval, limits, retention, value, metricsAllowRemote);
    }

    public ShipperConfig withMetricsAllowRemote(boolean value) {
        return new ShipperConfig(inputs, sink, stateDir, tail, maxBatchRows, maxBatchBytes, dedup, metricsInterval, limits, retention, metricsListen, value);
    }

    public int maxNewColumnsPerTablePerMinute() {
        return limits.maxNewColumnsPerTablePerMinute();
    }

    public ShipperConfig withMaxNewColumnsPerTablePerMinute(int value) {
        return withLimits(new TableBudget.Limits(value, limits.maxNewTablesPerMinute(), limits.maxTables()));
    }

    public int maxNewTablesPerMinute() {
        return limits.maxNewTablesPerMinute();
    }

    public ShipperConfig withMaxNewTablesPerMinute(int value) {
        return withLimits(new TableBudget.Limits(limits.maxNewColumnsPerTablePerMinute(), value, limits.maxTables()));
    }

    public int maxTables() {
        return limits.maxTables();
    }

    public ShipperConfig withMaxTables(int value) {
        return withLimits(new TableBudget.Limits(limits.maxNewColumnsPerTablePerMinute(), limits.maxNewTablesPerMinute(), value));
    }

    /**
     * Every problem of the whole configuration, each naming its key as {@code stratmon.toml} writes it
     * ({@code shipper.max_line_bytes}, {@code inputs[1].time_format}, {@code questdb.url}). Empty when valid.
     */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> problems = new ArrayList<>();
        if (inputs == null || inputs.isEmpty()) problems.add(ConfigProblem.of("inputs", "needs at least one input"));
        else for (int i = 0; i < inputs.size(); i++) for (ConfigProblem p : inputs.get(i).problems()) problems.add(p.under("inputs[" + i + "]"));
        if (sink == null) problems.add(ConfigProblem.of("questdb.url", "missing"));
        else sink.problems().forEach(p -> problems.add(p.under("questdb")));
        problems.addAll(shipperProblems());
        retention.problems().forEach(p -> problems.add(p.under("retention")));
        return problems;
    }

    /** The problems of the {@code [shipper]} keys and the records behind them ({@code shipper.batch_max_rows}). */
    public List<ConfigProblem> shipperProblems() {
        List<ConfigProblem> problems = new ArrayList<>();
        if (stateDir == null) problems.add(ConfigProblem.of("state_dir", "missing"));
        problems.addAll(tail.problems());
        if (maxBatchRows < 1) problems.add(ConfigProblem.of("batch_max_rows", "must be positive [value=" + maxBatchRows + "]"));
        if (maxBatchBytes < 1024) problems.add(ConfigProblem.of("batch_max_bytes", "must be at least 1024 [value=" + maxBatchBytes + "]"));
        if (metricsInterval == null || metricsInterval.isNegative()) problems.add(ConfigProblem.of("metrics_interval", "must not be negative"));
        if (metricsListen != null) {
            try {
                io.stratmon.shipper.config.ListenAddress a = io.stratmon.shipper.config.ListenAddress.parse(metricsListen);
                if (!a.loopback() && !metricsAllowRemote) {
                    problems.add(ConfigProblem.of("metrics_listen", "not a loopback address [value=" + metricsListen + "]: /metrics and"
                            + " /health have no login; set metrics_allow_remote = true (ship: --metrics-allow-remote) to listen there anyway"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(ConfigProblem.of("metrics_listen", e.getMessage()));
            }
        }
        if (limits == null) problems.add(ConfigProblem.of("max_tables", "missing"));
        else {
            if (limits.maxNewColumnsPerTablePerMinute() < 1) problems.add(ConfigProblem.of("max_new_columns_per_table_per_minute",
                    "must be positive [value=" + limits.maxNewColumnsPerTablePerMinute() + "]"));
            if (limits.maxNewTablesPerMinute() < 1) problems.add(ConfigProblem.of("max_new_tables_per_minute",
                    "must be positive [value=" + limits.maxNewTablesPerMinute() + "]"));
            if (limits.maxTables() < 1) problems.add(ConfigProblem.of("max_tables", "must be positive [value=" + limits.maxTables() + "]"));
        }
        if (dedup && sink != null && sink.isTcp()) {
            problems.add(ConfigProblem.of("dedup", "needs ILP over HTTP (deduplicated tables are created over HTTP): set dedup = false with a tcp:// url"));
        }
        return problems.stream().map(p -> p.under("shipper")).toList();
    }
}
