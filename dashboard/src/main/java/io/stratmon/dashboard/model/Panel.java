package io.stratmon.dashboard.model;

import java.time.Duration;
import java.util.List;

/**
 * One panel of a dashboard, validated. Its SQL comes only from a dashboard file on the server; the page never sends SQL.
 *
 * @param id          unique in its dashboard; used in URLs
 * @param sql         one or more statements with Grafana macros ({@code $__timeFilter(col)}, {@code $__interval_ms}...);
 *                    each statement's series are merged on time. Empty for {@link PanelKind#EVENTS}.
 * @param unit        shown after values ({@code USD}, {@code ms}, {@code /min}...); may be empty
 * @param width       columns of a 12-column grid
 * @param groupBy     column whose values split the rows into series or tiles (e.g. {@code symbol}); null for none
 * @param split       with {@code groupBy}, one small chart per group value instead of one chart for all
 * @param band        two value columns to shade between (e.g. {@code bid}, {@code ask}); empty for none
 * @param rightAxis   value columns drawn against a second y axis on the right
 * @param minInterval smallest SAMPLE BY bucket for this panel (data logged once a second gains nothing from 100 ms buckets)
 * @param decimals    digits after the point for values; null picks from the magnitude
 * @param emptyText   shown instead of an error when a table the panel reads does not exist yet
 * @param pageSize    rows per page for tables and the event log
 * @param tables      for the event log: tables to read (empty = every table with a designated timestamp)
 * @param rollup      a materialized view to read for long ranges, or null
 */
public record Panel(String id, String title, PanelKind kind, List<String> sql, String unit, int width,
                    String groupBy, boolean split, List<String> band, List<String> rightAxis,
                    List<Threshold> thresholds, Duration minInterval, Integer decimals, String emptyText,
                    int pageSize, List<String> tables, Rollup rollup) {

    public static final int GRID_COLUMNS = 12;
    public static final int MAX_PAGE_SIZE = 500;
}
