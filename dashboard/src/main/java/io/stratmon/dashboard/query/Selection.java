package io.stratmon.dashboard.query;

import io.stratmon.dashboard.statement.TableScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The values chosen in a dashboard's variable selectors, as they apply to its panels: for each variable that is not
 * "all", the column, the values, and (when the variable lists them) the only tables it filters. Every panel statement
 * is narrowed with {@link TableScope}: a table with the column becomes {@code (SELECT * FROM t WHERE col IN (...))}.
 * Values reach SQL only as quoted literals, the column only as a schema-checked, quoted name.
 *
 * @param choices one per variable with a choice; no entry (or {@link #ALL}) means no filter
 */
public record Selection(List<Choice> choices) {
    public static final Selection ALL = new Selection(List.of());

    /** @param tables empty = every table that has the column */
    public record Choice(String column, List<String> tables, List<String> values) {
        public Choice {
            if (values.isEmpty()) throw new IllegalArgumentException("a choice needs at least one value [column=" + column + "]");
        }

        boolean covers(String table) {
            return tables.isEmpty() || tables.stream().anyMatch(t -> t.equalsIgnoreCase(table));
        }
    }

    /**
     * The same choices, where a choice that lists its tables also covers the rollup views of those tables
     * ({@code symbol} on {@code order_sent} covers {@code rows_1m_order_sent}): a view filters as its table does.
     *
     * @param tableOf view name to the table it reads
     */
    Selection withViews(java.util.Map<String, String> tableOf) {
        if (isAll()) return this;
        List<Choice> out = new ArrayList<>();
        for (Choice c : choices) {
            if (c.tables().isEmpty()) {
                out.add(c);
                continue;
            }
            List<String> tables = new ArrayList<>(c.tables());
            tableOf.forEach((view, table) -> {
                if (c.covers(table)) tables.add(view);
            });
            out.add(new Choice(c.column(), List.copyOf(tables), c.values()));
        }
        return new Selection(List.copyOf(out));
    }

    public boolean isAll() {
        return choices.isEmpty();
    }

    /**
     * The predicate on {@code table} (e.g. {@code "host" IN ('a')}), or null when no choice applies to it: the table
     * has none of the columns as text, or the variables list other tables. {@code applied} gets the columns used.
     */
    String predicate(Schema.Table table, Set<String> applied) {
        List<String> parts = new ArrayList<>();
        for (Choice c : choices) {
            if (!c.covers(table.name())) continue;
            Optional<Schema.Column> column = table.columns().stream()
                    .filter(col -> col.name().equalsIgnoreCase(c.column()) && col.isText()).findFirst();
            if (column.isEmpty()) continue;
            parts.add(Sql.identifier(column.get().name()) + " IN (" + String.join(", ", c.values().stream().map(Sql::literal).toList()) + ")");
            applied.add(c.column().toLowerCase(Locale.ROOT));
        }
        return parts.isEmpty() ? null : String.join(" AND ", parts);
    }

    /** {@code sql} narrowed to the choices, for every table the schema knows; {@code applied} gets the columns used. */
    String scope(String sql, Schema schema, Set<String> applied) {
        if (isAll()) return sql;
        return TableScope.apply(sql, name -> schema.tableIgnoreCase(name).map(t -> predicate(t, applied)).orElse(null));
    }
}
