package io.stratmon.dashboard;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A chart the page can ask for: the last value of one column of one table per time bucket, optionally one series
 * per value of a SYMBOL column. Only these definitions are ever turned into SQL: the browser names a chart, never SQL.
 */
public record Chart(String id, String title, String table, String valueColumn, String groupColumn) {

    /** The built-in charts of the demo strategy ({@code price}, {@code pnl}) and of the reference trader ({@code price_log}). */
    public static final List<Chart> BUILT_IN = List.of(
            new Chart("price", "Last price", "price", "last", "symbol"),
            new Chart("equity", "Equity", "pnl", "equity", null),
            new Chart("price_log", "Price", "price_log", "price", null));

    private static final Map<String, Chart> BY_ID = Map.of(
            "price", BUILT_IN.get(0), "equity", BUILT_IN.get(1), "price_log", BUILT_IN.get(2));

    public static Optional<Chart> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }
}
