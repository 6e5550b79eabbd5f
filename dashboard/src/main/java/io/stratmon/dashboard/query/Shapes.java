package io.stratmon.dashboard.query;

import io.stratmon.sql.QueryResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rows into the shapes the page draws: series on a shared time axis, stat tiles, table pages, bars. Pure. */
final class Shapes {
    private Shapes() {}

    private record Key(String group, String column) {}

    /**
     * Series from one or more results: x is the first TIMESTAMP column, {@code groupBy} (if the result has it) splits
     * rows into one series per value, every other numeric column is a series. Results are merged on x (uPlot needs
     * one shared x), with null where a series has no bucket.
     */
    static PanelResult.SeriesData series(List<QueryResult> results, String groupBy) {
        TreeMap<Long, Map<Key, Double>> byTime = new TreeMap<>();
        List<Key> keys = new ArrayList<>();
        for (QueryResult r : results) {
            int time = timeColumn(r);
            if (time < 0) throw new IllegalArgumentException("a time series needs a TIMESTAMP column [columns=" + r.columns() + "]");
            int group = groupBy == null ? -1 : r.columnIndex(groupBy);
            List<Integer> values = numericColumns(r, time, group);
            for (List<Object> row : r.rows()) {
                Object t = row.get(time);
                if (t == null) continue;
                long micros = micros((String) t);
                String g = group < 0 ? null : String.valueOf(row.get(group));
                Map<Key, Double> at = byTime.computeIfAbsent(micros, k -> new LinkedHashMap<>());
                for (int v : values) {
                    Key key = new Key(g, r.columns().get(v).name());
                    if (!keys.contains(key)) keys.add(key);
                    at.put(key, number(row.get(v)));
                }
            }
        }
        // Stable: columns keep their SQL order within a group.
        keys.sort(Comparator.comparing(Key::group, Comparator.nullsFirst(Comparator.naturalOrder())));
        boolean manyColumns = keys.stream().map(Key::column).distinct().count() > 1;
        List<Double> x = new ArrayList<>(byTime.size());
        List<List<Double>> columns = new ArrayList<>();
        keys.forEach(k -> columns.add(new ArrayList<>(byTime.size())));
        byTime.forEach((micros, values) -> {
            x.add(micros / 1_000_000.0);
            for (int i = 0; i < keys.size(); i++) columns.get(i).add(values.get(keys.get(i)));
        });
        List<PanelResult.Line> lines = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            String name = k.group() == null ? k.column() : manyColumns ? k.group() + " " + k.column() : k.group();
            lines.add(new PanelResult.Line(name, k.group(), k.column(), columns.get(i)));
        }
        return new PanelResult.SeriesData(x, lines);
    }

    /** One tile per numeric column of the last row, or of every row with {@code groupBy}. */
    static PanelResult.StatData stat(List<QueryResult> results, String groupBy) {
        List<PanelResult.Tile> tiles = new ArrayList<>();
        for (QueryResult r : results) {
            int group = groupBy == null ? -1 : r.columnIndex(groupBy);
            List<Integer> values = numericColumns(r, -1, group);
            List<List<Object>> rows = group >= 0 ? r.rows() : r.rows().isEmpty() ? List.of() : List.of(r.rows().get(r.size() - 1));
            if (rows.isEmpty()) {
                values.forEach(v -> tiles.add(new PanelResult.Tile(r.columns().get(v).name(), null, r.columns().get(v).name(), null)));
            }
            for (List<Object> row : rows) {
                String g = group < 0 ? null : String.valueOf(row.get(group));
                for (int v : values) {
                    String column = r.columns().get(v).name();
                    tiles.add(new PanelResult.Tile(g == null ? column : values.size() > 1 ? g + " " + column : g, g, column, number(row.get(v))));
                }
            }
        }
        return new PanelResult.StatData(tiles);
    }

    static PanelResult.TableData table(QueryResult r, int page, int pageSize) {
        List<Schema.Column> columns = r.columns().stream().map(c -> new Schema.Column(c.name(), c.type())).toList();
        boolean hasMore = r.size() > pageSize;
        List<List<Object>> rows = hasMore ? r.rows().subList(0, pageSize) : r.rows();
        return new PanelResult.TableData(columns, rows, page, pageSize, hasMore);
    }

    /** First column names the bars; each numeric column is a series of bars. */
    static PanelResult.BarData bar(QueryResult r) {
        List<String> categories = new ArrayList<>();
        List<Integer> values = numericColumns(r, 0, -1);
        List<List<Double>> series = new ArrayList<>();
        values.forEach(v -> series.add(new ArrayList<>()));
        for (List<Object> row : r.rows()) {
            categories.add(String.valueOf(row.get(0)));
            for (int i = 0; i < values.size(); i++) series.get(i).add(number(row.get(values.get(i))));
        }
        List<PanelResult.Line> lines = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String name = r.columns().get(values.get(i)).name();
            lines.add(new PanelResult.Line(name, null, name, series.get(i)));
        }
        return new PanelResult.BarData(categories, lines);
    }

    static int timeColumn(QueryResult r) {
        for (int i = 0; i < r.columns().size(); i++) {
            if (r.columns().get(i).type().startsWith("TIMESTAMP")) return i;
        }
        return -1;
    }

    private static List<Integer> numericColumns(QueryResult r, int skip1, int skip2) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < r.columns().size(); i++) {
            if (i != skip1 && i != skip2 && new Schema.Column(r.columns().get(i).name(), r.columns().get(i).type()).isNumeric()) out.add(i);
        }
        return out;
    }

    static long micros(String iso) {
        Instant t = Instant.parse(iso);
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
    }

    private static Double number(Object v) {
        if (!(v instanceof Number n)) return null;
        double d = n.doubleValue();
        return Double.isFinite(d) ? d : null;
    }
}
