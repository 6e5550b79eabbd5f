package io.stratmon.dashboard;

import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Downsampled series for a chart over a time range, computed by QuestDB with {@code SAMPLE BY}: the bucket is the
 * range divided by {@code maxPoints}, so a series never has more than {@code maxPoints} points, whatever the range.
 */
public final class SeriesQuery {
    private final SqlClient sql;
    private final int maxPoints;

    public SeriesQuery(SqlClient sql, int maxPoints) {
        this.sql = sql;
        this.maxPoints = maxPoints;
    }

    /** The chart's data as uPlot wants it: shared x (epoch seconds) and one value array per series (null = gap). */
    public record Series(String chart, long bucketMillis, List<Double> x, Map<String, List<Double>> series) {}

    /** The bucket width in milliseconds that keeps a range under {@code maxPoints} buckets. */
    public long bucketMillis(Instant from, Instant to) {
        long range = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        return Math.max(1, (range + maxPoints - 2) / (maxPoints - 1));
    }

    public String sql(Chart chart, Instant from, Instant to) {
        String group = chart.groupColumn() == null ? "" : chart.groupColumn() + ", ";
        return "SELECT timestamp, " + group + "last(" + chart.valueColumn() + ") AS v FROM " + chart.table()
                + " WHERE timestamp >= '" + from + "' AND timestamp < '" + to + "'"
                + " SAMPLE BY " + bucketMillis(from, to) + "T ALIGN TO CALENDAR";
    }

    public Series run(Chart chart, Instant from, Instant to) {
        QueryResult result = sql.query(sql(chart, from, to));
        boolean grouped = chart.groupColumn() != null;
        // Buckets per series, then aligned on the union of bucket times (uPlot needs one shared x axis).
        TreeMap<Long, Map<String, Double>> byTime = new TreeMap<>();
        List<String> names = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            long micros = Instant.parse((String) row.get(0)).toEpochMilli() * 1000;
            String name = grouped ? String.valueOf(row.get(1)) : chart.valueColumn();
            Object v = row.get(grouped ? 2 : 1);
            if (!names.contains(name)) names.add(name);
            byTime.computeIfAbsent(micros, k -> new LinkedHashMap<>()).put(name, v == null ? null : ((Number) v).doubleValue());
        }
        names.sort(String::compareTo);
        List<Double> x = new ArrayList<>(byTime.size());
        Map<String, List<Double>> series = new LinkedHashMap<>();
        names.forEach(n -> series.put(n, new ArrayList<>(byTime.size())));
        byTime.forEach((micros, values) -> {
            x.add(micros / 1_000_000.0);
            names.forEach(n -> series.get(n).add(values.get(n)));
        });
        return new Series(chart.id(), bucketMillis(from, to), x, series);
    }
}
