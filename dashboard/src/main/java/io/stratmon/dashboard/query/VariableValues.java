package io.stratmon.dashboard.query;

import io.stratmon.dashboard.model.Dashboard;
import io.stratmon.dashboard.model.Panel;
import io.stratmon.dashboard.model.PanelKind;
import io.stratmon.dashboard.model.Variable;
import io.stratmon.dashboard.statement.TableScope;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A variable's values, from the data: the distinct values of its column in the page's time range, over the tables the
 * dashboard reads (or the variable's own {@code tables}) that have it as a SYMBOL. QuestDB 9.3.4 answers
 * {@code SELECT DISTINCT sym FROM t} with a vectorized group-by over the column (not from the symbol table), so the
 * time range keeps it to the partitions in view (an interval scan); the answer is kept for {@code ttl}.
 */
public final class VariableValues {
    public static final int MAX_VALUES = 1000;

    private record Cached(Instant at, List<String> values) {}

    private final SqlClient sql;
    private final Schema schema;
    private final Duration ttl;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public VariableValues(SqlClient sql, Schema schema, Duration ttl, Duration timeout, Clock clock) {
        this.sql = sql;
        this.schema = schema;
        this.ttl = ttl;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Sorted, at most {@value #MAX_VALUES}. Throws {@link SqlException} when QuestDB cannot be asked. */
    public List<String> values(Dashboard d, Variable v, Instant from, Instant to, String windowKey) {
        String key = d.id() + "\u0000" + d.source() + "\u0000" + v.name() + "\u0000" + v.tables() + "\u0000" + windowKey;
        Instant now = clock.instant();
        Cached c = cache.get(key);
        if (c != null && c.at().plus(ttl).isAfter(now)) return c.values();
        if (cache.size() > 1000) cache.clear();  // keys include the window: never let them pile up
        Set<String> values = new TreeSet<>();
        for (String name : v.tables().isEmpty() ? tablesRead(d) : new LinkedHashSet<>(v.tables())) {
            Schema.Table table = schema.tableIgnoreCase(name).orElse(null);
            if (table == null) continue;
            Schema.Column column = table.columns().stream().filter(col -> col.name().equalsIgnoreCase(v.name()) && col.isSymbol())
                    .findFirst().orElse(null);
            if (column == null) continue;
            try {
                String where = table.timestamp() == null ? "" : " WHERE " + Sql.identifier(table.timestamp()) + " BETWEEN "
                        + Sql.literal(from.toString()) + " AND " + Sql.literal(to.toString());
                String query = "SELECT DISTINCT " + Sql.identifier(column.name()) + " FROM " + Sql.identifier(table.name()) + where
                        + " LIMIT " + (MAX_VALUES + 1);
                for (List<Object> row : sql.query(query, timeout).rows()) {
                    if (row.get(0) != null) values.add(row.get(0).toString());
                }
            } catch (SqlException e) {
                if (!PanelRunner.isMissingTable(e)) throw e;
            }
        }
        List<String> out = values.stream().limit(MAX_VALUES).toList();
        cache.put(key, new Cached(now, out));
        return out;
    }

    /** Every table the dashboard's panels read: their statements' tables, and the event log's tables. */
    Set<String> tablesRead(Dashboard d) {
        Set<String> names = new LinkedHashSet<>();
        for (Panel p : d.panels()) {
            if (p.kind() == PanelKind.EVENTS) {
                if (!p.tables().isEmpty()) names.addAll(p.tables());
                else schema.tables().stream().filter(Schema.Table::isEventTable).forEach(t -> names.add(t.name()));
            }
            List<String> statements = new ArrayList<>(p.sql());
            if (p.rollup() != null) statements.addAll(p.rollup().sql());
            for (String s : statements) names.addAll(TableScope.tables(s));
        }
        return names;
    }
}
