package io.stratmon.dashboard.query;

import io.stratmon.dashboard.model.Panel;
import io.stratmon.dashboard.statement.TimeWindow;
import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The event log: the newest rows of every log table in the window, merged newest first, one page at a time. Tables
 * differ in columns, so each is read on its own ({@code ORDER BY ts DESC LIMIT n} is a backward scan on the
 * designated timestamp, cheap on big tables) and the rows are merged here. Filters become SQL only through
 * {@link Schema}-checked names and quoted literals.
 */
final class EventLog {
    /** The shipper's deduplication columns: kept in the row's details, left out of its one-line text. */
    static final Set<String> HIDDEN = Set.of("_src", "_offset");

    private final SqlClient sql;
    private final Schema schema;
    private final Duration timeout;

    EventLog(SqlClient sql, Schema schema, Duration timeout) {
        this.sql = sql;
        this.schema = schema;
        this.timeout = timeout;
    }

    PanelResult.EventData run(Panel panel, TimeWindow w, EventFilter filter, int page, Selection selection) {
        List<Schema.Table> tables = tables(panel);
        if (filter.table() != null && tables.stream().noneMatch(t -> t.name().equals(filter.table()))) {
            throw new IllegalArgumentException("not a log table of this panel [table=" + filter.table() + "]");
        }
        int size = panel.pageSize();
        int wanted = (page + 1) * size + 1;
        List<PanelResult.Event> rows = new ArrayList<>();
        for (Schema.Table table : tables) {
            if (filter.table() != null && !filter.table().equals(table.name())) continue;
            String statement = statement(table, w, filter, wanted, selection);
            if (statement == null) continue;
            QueryResult r;
            try {
                r = sql.query(statement, timeout);
            } catch (SqlException e) {
                if (PanelRunner.isMissingTable(e)) {
                    schema.refresh();
                    continue;
                }
                throw e;
            }
            rows.addAll(events(table, r));
        }
        rows.sort(Comparator.comparingDouble(PanelResult.Event::t).reversed().thenComparing(PanelResult.Event::table));
        int from = Math.min(rows.size(), page * size);
        int to = Math.min(rows.size(), from + size);
        return new PanelResult.EventData(List.copyOf(rows.subList(from, to)), tables.stream().map(Schema.Table::name).toList(),
                page, size, rows.size() > to);
    }

    private List<Schema.Table> tables(Panel panel) {
        return schema.tables().stream()
                .filter(t -> panel.tables().isEmpty() ? t.isEventTable() : panel.tables().contains(t.name()) && t.timestamp() != null)
                .toList();
    }

    /** The table's newest rows matching the filter, or null when the filter cannot match this table at all. */
    static String statement(Schema.Table table, TimeWindow w, EventFilter filter, int limit, Selection selection) {
        String ts = Sql.identifier(table.timestamp());
        StringBuilder sb = new StringBuilder("SELECT * FROM ").append(Sql.identifier(table.name()))
                .append(" WHERE ").append(ts).append(" BETWEEN ").append(Sql.literal(w.from().toString()))
                .append(" AND ").append(Sql.literal(w.to().toString()));
        String scope = selection.predicate(table, new java.util.HashSet<>());
        if (scope != null) sb.append(" AND ").append(scope);
        if (filter.level() != null) {
            if (table.column("level").isEmpty()) return null;
            sb.append(" AND level = ").append(Sql.literal(filter.level()));
        }
        if (filter.text() != null) {
            List<String> matches = new ArrayList<>();
            String needle = Sql.literal(filter.text().toLowerCase(Locale.ROOT));
            for (Schema.Column c : table.columns()) {
                if (c.isText() && !HIDDEN.contains(c.name())) {
                    matches.add("strpos(lower(" + Sql.identifier(c.name()) + "), " + needle + ") > 0");
                }
            }
            // The table's name matches too: searching "fill" finds the fill rows.
            if (!table.name().toLowerCase(Locale.ROOT).contains(filter.text().toLowerCase(Locale.ROOT))) {
                if (matches.isEmpty()) return null;
                sb.append(" AND (").append(String.join(" OR ", matches)).append(')');
            }
        }
        return sb.append(" ORDER BY ").append(ts).append(" DESC LIMIT ").append(limit).toString();
    }

    private static List<PanelResult.Event> events(Schema.Table table, QueryResult r) {
        int ts = r.columnIndex(table.timestamp());
        int level = r.columnIndex("level");
        List<PanelResult.Event> out = new ArrayList<>(r.size());
        for (List<Object> row : r.rows()) {
            String time = (String) row.get(ts);
            Map<String, Object> fields = new LinkedHashMap<>();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String name = r.columns().get(i).name();
                Object v = row.get(i);
                if (i == ts || v == null) continue;
                fields.put(name, v);
                if (i == level || HIDDEN.contains(name)) continue;
                text.append(text.length() == 0 ? "" : "  ").append(name).append('=').append(format(v));
            }
            out.add(new PanelResult.Event(Shapes.micros(time) / 1_000_000.0, time, table.name(),
                    level < 0 ? null : (String) row.get(level), text.toString(), fields));
        }
        return out;
    }

    private static String format(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
        return String.valueOf(v);
    }
}
