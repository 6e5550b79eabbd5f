package io.stratmon.dashboard.model;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Pre-aggregated copies of a panel's data for long ranges: QuestDB materialized views ({@code CREATE MATERIALIZED
 * VIEW view AS (create) PARTITION BY DAY}, refreshed by QuestDB as rows arrive) that the panel reads instead of the
 * raw tables when its bucket is at least {@code minInterval}. A week of ten million rows becomes ten thousand.
 * Buckets of a minute or more are whole minutes, so they are made of whole rows of a 1-minute view.
 *
 * @param views       the views the rollup statements read (one per raw table, e.g. a row count per table)
 * @param minInterval the panel reads the views when its bucket is at least this (a multiple of every view's SAMPLE BY)
 * @param sql         the panel's statements on the views (same macros as the panel's own)
 */
public record Rollup(List<View> views, Duration minInterval, List<String> sql) {

    /** The macro in {@code create} that becomes the dashboard variables' columns its table has, each followed by ", ". */
    public static final String KEYS = "$__keys";

    /**
     * One materialized view.
     *
     * @param name   the view's name
     * @param create the SELECT the view is made of, on one table, with a {@code SAMPLE BY} no larger than the rollup's
     *               {@code min_interval}; {@value #KEYS} is replaced by the variables' columns the table has, so that
     *               a host, strategy or symbol choice can still filter the view
     * @param table  the raw table it reads
     */
    public record View(String name, String create, String table) {}

    public Rollup(String view, String create, String table, Duration minInterval, List<String> sql) {
        this(List.of(new View(view, create, table)), minInterval, sql);
    }

    /** The view names, comma-separated (what a panel's answer reports as {@code "rollup"}). */
    public String names() {
        return views.stream().map(View::name).collect(Collectors.joining(","));
    }
}
