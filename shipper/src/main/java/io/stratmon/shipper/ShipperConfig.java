package io.stratmon.shipper;

import io.stratmon.shipper.config.ConfigProblem;
import io.stratmon.shipper.sink.SinkConfig;

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
 */
public record ShipperConfig(List<InputConfig> inputs, SinkConfig sink, Path stateDir, TailConfig tail,
                            int maxBatchRows, long maxBatchBytes, boolean dedup, Duration metricsInterval) {

    /** Files with the default mapping; dedup is on, except with a {@code tcp://} url (dedup needs ILP over HTTP). */
    public static ShipperConfig of(List<String> files, String questDbUrl, Path stateDir) {
        SinkConfig sink = SinkConfig.of(questDbUrl);
        return new ShipperConfig(List.of(InputConfig.of(files)), sink, stateDir, TailConfig.defaults(),
                50_000, 16L * 1024 * 1024, !sink.isTcp(), Duration.ofSeconds(5));
    }

    public ShipperConfig withTail(TailConfig value) {
        return new ShipperConfig(inputs, sink, stateDir, value, maxBatchRows, maxBatchBytes, dedup, metricsInterval);
    }

    public ShipperConfig withSink(SinkConfig value) {
        return new ShipperConfig(inputs, value, stateDir, tail, maxBatchRows, maxBatchBytes, dedup, metricsInterval);
    }

    public ShipperConfig withInputs(List<InputConfig> value) {
        return new ShipperConfig(value, sink, stateDir, tail, maxBatchRows, maxBatchBytes, dedup, metricsInterval);
    }

    public ShipperConfig withStateDir(Path value) {
        return new ShipperConfig(inputs, sink, value, tail, maxBatchRows, maxBatchBytes, dedup, metricsInterval);
    }

    public ShipperConfig withMaxBatchRows(int value) {
        return new ShipperConfig(inputs, sink, stateDir, tail, value, maxBatchBytes, dedup, metricsInterval);
    }

    public ShipperConfig withMaxBatchBytes(long value) {
        return new ShipperConfig(inputs, sink, stateDir, tail, maxBatchRows, value, dedup, metricsInterval);
    }

    public ShipperConfig withDedup(boolean value) {
        return new ShipperConfig(inputs, sink, stateDir, tail, maxBatchRows, maxBatchBytes, value, metricsInterval);
    }

    public ShipperConfig withMetricsInterval(Duration value) {
        return new ShipperConfig(inputs, sink, stateDir, tail, maxBatchRows, maxBatchBytes, dedup, value);
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
        if (dedup && sink != null && sink.isTcp()) {
            problems.add(ConfigProblem.of("dedup", "needs ILP over HTTP (deduplicated tables are created over HTTP): set dedup = false with a tcp:// url"));
        }
        return problems.stream().map(p -> p.under("shipper")).toList();
    }
}
