package io.stratmon.dashboard.query;

import io.stratmon.dashboard.model.Panel;
import io.stratmon.dashboard.model.PanelKind;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The explore view: a time series panel for any table, built by the server from names the page picks, each checked
 * against the {@link Schema} (table with a designated timestamp, numeric column, SYMBOL group column, known
 * aggregate) and then quoted. The page still never sends SQL.
 */
public final class Explore {
    public static final Set<String> AGGREGATES = Set.of("avg", "min", "max", "last", "first", "sum", "count");

    private Explore() {}

    /**
     * The column a table's series are split by when the page has not chosen: its SYMBOL column {@code symbol}, so that
     * {@code avg(bid) of price} is one line per instrument, not BTC at 60,000 averaged with SOL at 150. Null if none.
     */
    public static String defaultGroup(Schema.Table table) {
        return table.columns().stream().filter(c -> c.isSymbol() && c.name().equals("symbol")).map(Schema.Column::name).findFirst().orElse(null);
    }

    /**
     * Throws {@link IllegalArgumentException} naming the first thing that does not exist or does not fit.
     *
     * @param groupBy a SYMBOL column; null (not given) = {@link #defaultGroup}; blank = one series for the whole table
     */
    public static Panel panel(Schema schema, String tableName, String column, String groupBy, String aggregate) {
        String agg = aggregate == null || aggregate.isBlank() ? "avg" : aggregate.toLowerCase(Locale.ROOT);
        if (!AGGREGATES.contains(agg)) throw new IllegalArgumentException("unknown aggregate [value=" + aggregate + ", known=" + AGGREGATES + "]");
        Schema.Table table = schema.tableIgnoreCase(tableName == null ? "" : tableName)
                .orElseThrow(() -> new IllegalArgumentException("no such table [table=" + tableName + "]"));
        if (table.timestamp() == null) throw new IllegalArgumentException("table has no designated timestamp [table=" + tableName + "]");
        String value;
        String name;
        if (agg.equals("count")) {
            value = "count()";
            name = "count";
        } else {
            Schema.Column c = table.column(column == null ? "" : column).filter(Schema.Column::isNumeric)
                    .orElseThrow(() -> new IllegalArgumentException("no numeric column of that name [table=" + tableName + ", column=" + column + "]"));
            value = agg + "(" + Sql.identifier(c.name()) + ")";
            name = c.name();
        }
        String group = groupBy == null ? defaultGroup(table) : null;
        if (groupBy != null && !groupBy.isBlank()) {
            group = table.column(groupBy).filter(Schema.Column::isSymbol)
                    .orElseThrow(() -> new IllegalArgumentException("no SYMBOL column of that name [table=" + tableName + ", column=" + groupBy + "]"))
                    .name();
        }
        String ts = Sql.identifier(table.timestamp());
        String sql = "SELECT " + ts + " AS time, " + (group == null ? "" : Sql.identifier(group) + ", ") + value + " AS " + Sql.identifier(name)
                + " FROM " + Sql.identifier(table.name()) + " WHERE $__timeFilter(" + ts + ") SAMPLE BY $__interval_msT";
        String title = agg + "(" + name + ") of " + table.name() + (group == null ? "" : " by " + group);
        return new Panel("explore", title, PanelKind.TIMESERIES, List.of(sql), "", 12, group, false, List.of(), List.of(),
                List.of(), null, null, "no such table yet", 50, List.of(), null);
    }
}
