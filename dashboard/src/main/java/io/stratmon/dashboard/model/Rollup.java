package io.stratmon.dashboard.model;

import java.time.Duration;
import java.util.List;

/**
 * A pre-aggregated copy of a panel's data for long ranges: a QuestDB materialized view ({@code CREATE MATERIALIZED
 * VIEW view AS (create) PARTITION BY DAY}, refreshed by QuestDB as rows arrive) that the panel reads instead of the
 * raw table when its bucket is at least {@code minInterval}. A week of ten million rows becomes ten thousand.
 * Buckets of a minute or more are whole minutes, so they are made of whole rows of a 1-minute view.
 *
 * @param view        the view's name
 * @param create      the SELECT the view is made of (with a {@code SAMPLE BY} no larger than {@code minInterval})
 * @param minInterval the panel reads the view when its bucket is at least this
 * @param sql         the panel's statements on the view (same macros as the panel's own)
 */
public record Rollup(String view, String create, Duration minInterval, List<String> sql) {}
