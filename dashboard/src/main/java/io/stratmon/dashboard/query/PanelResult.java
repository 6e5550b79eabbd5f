package io.stratmon.dashboard.query;

import java.util.List;
import java.util.Map;

/**
 * What one panel shows for one time window, as JSON for the page. {@code state} is {@code ok}, {@code empty} (a table
 * it reads does not exist yet: {@code message} is the panel's {@code empty_text}) or {@code error} ({@code message} is
 * QuestDB's). A failing panel is a value, not an HTTP error, so one panel never fails the others.
 *
 * @param intervalMs the SAMPLE BY bucket the statements ran with
 * @param ms         time spent in QuestDB for this panel
 * @param from       the window's start (after alignment to a bucket), ISO-8601
 */
public record PanelResult(String panel, String kind, String state, String message, long ms, long intervalMs,
                          String from, String to, Object data, String rollup) {

    public static final String OK = "ok";
    public static final String EMPTY = "empty";
    public static final String ERROR = "error";

    /** Time series: shared x in epoch seconds, one value list per series (null = no bucket). */
    public record SeriesData(List<Double> x, List<Line> series) {}

    /** @param group the group_by value, or null; {@code column} the SQL column it comes from */
    public record Line(String name, String group, String column, List<Double> values) {}

    public record StatData(List<Tile> tiles) {}

    public record Tile(String name, String group, String column, Double value) {}

    public record TableData(List<Schema.Column> columns, List<List<Object>> rows, int page, int pageSize, boolean hasMore) {}

    public record BarData(List<String> categories, List<Line> series) {}

    /** @param tables the tables the log reads (for the page's table filter) */
    public record EventData(List<Event> rows, List<String> tables, int page, int pageSize, boolean hasMore) {}

    /** One log row: {@code text} is its fields as {@code key=value}, {@code fields} the whole row. */
    public record Event(double t, String time, String table, String level, String text, Map<String, Object> fields) {}
}
