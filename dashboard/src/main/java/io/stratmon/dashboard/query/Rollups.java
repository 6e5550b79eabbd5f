package io.stratmon.dashboard.query;

import io.stratmon.dashboard.model.DashboardCatalog;
import io.stratmon.dashboard.model.DashboardLoader;
import io.stratmon.dashboard.model.Panel;
import io.stratmon.dashboard.model.Rollup;
import io.stratmon.dashboard.model.Variable;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Creates the materialized views the dashboards' rollups read, once their base table exists (the shipper creates it
 * at its first row). Run every few seconds; a view that exists is left alone, a base table that does not exist yet is
 * tried again later, any other refusal is logged once. A column the view needs that its table does not have is tried
 * again quietly for {@link #COLUMN_GRACE} first: a table the shipper has just created gets its columns as QuestDB
 * applies its first rows, so the column is usually there seconds later; a column still missing after that (a typo in
 * the dashboard file, a field the app never logs) is logged once. Panels read their raw table until the view is there,
 * and while QuestDB has marked it invalid (it then no longer refreshes it; logged once, with QuestDB's reason); a view
 * dropped is created again.
 * This is the dashboard's only DDL, and it comes from dashboard files on the server, never from the page.
 *
 * <p>{@value Rollup#KEYS} in a view's SELECT becomes the dashboard variables' columns that its table has as SYMBOLs
 * ({@code "host", "symbol", }), so a choice in the header can filter the view as it filters the table. A column the
 * table gains later (a label added to the shipper) is not in the view: {@link PanelRunner} then reads the raw table
 * under that choice.
 */
public final class Rollups implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Rollups.class);

    private final SqlClient sql;
    private final DashboardCatalog catalog;
    private final Schema schema;
    private final Set<String> ready = new HashSet<>();
    private final Set<String> warned = new HashSet<>();
    private final Set<String> warnedInvalid = new HashSet<>();
    /** When each view was first refused for a missing column (the grace runs from there). */
    private final Map<String, Instant> missingColumnSince = new HashMap<>();
    private final Clock clock;

    /** How long a view refused for a missing column is tried again before the refusal is logged. */
    public static final Duration COLUMN_GRACE = Duration.ofMinutes(1);

    public Rollups(SqlClient sql, DashboardCatalog catalog, Schema schema, Clock clock) {
        this.sql = sql;
        this.catalog = catalog;
        this.schema = schema;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            for (DashboardLoader.Result r : catalog.all()) {
                if (!(r instanceof DashboardLoader.Result.Ok ok)) continue;
                for (Panel panel : ok.dashboard().panels()) {
                    if (panel.rollup() == null) continue;
                    for (Rollup.View view : panel.rollup().views()) ensure(view, ok.dashboard().variables());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Cannot maintain rollups: {}", e.toString());
        }
    }

    /** Creates the view unless it exists; returns whether it exists now. */
    public synchronized boolean ensure(Rollup.View view, List<Variable> variables) {
        String name = view.name();
        Optional<String> invalid = schema.invalidView(name);
        if (invalid.isPresent()) {
            // QuestDB no longer refreshes it (a column of its table dropped, for one): its panels read
            // the raw table. Dropping it lets this create it again from the dashboard file.
            if (warnedInvalid.add(name)) {
                log.warn("Rollup view is invalid; its panels read the raw table. DROP MATERIALIZED VIEW {} to have it created again [reason={}]",
                        Sql.identifier(name), invalid.get());
            }
            return false;
        }
        warnedInvalid.remove(name);
        String key = name.toLowerCase(Locale.ROOT);
        // A view dropped since (say, after it went invalid) is created again: the cached list is enough to tell.
        if (ready.contains(key) && schema.tables().stream().anyMatch(t -> t.name().equalsIgnoreCase(name))) return true;
        ready.remove(key);
        try {
            if (schema.tableIgnoreCase(name).isEmpty()) {
                Optional<Schema.Table> table = schema.tableIgnoreCase(view.table());
                if (table.isEmpty()) return false; // not shipped yet: tried again on the next run
                String select = view.create().replace(Rollup.KEYS, keys(view, table.get(), variables));
                sql.query("CREATE MATERIALIZED VIEW IF NOT EXISTS " + Sql.identifier(name) + " AS (" + select + ") PARTITION BY DAY");
                schema.refresh();
                log.info("Created rollup view [view={}, table={}]", name, table.get().name());
            }
            ready.add(key);
            // A later refusal (the view dropped, its file changed) gets its own grace and its own WARN.
            missingColumnSince.remove(name);
            warned.remove(name);
            return true;
        } catch (SqlException e) {
            if (PanelRunner.isMissingTable(e) || e.isUnreachable()) return false;
            if (isMissingColumn(e)) {
                Instant since = missingColumnSince.computeIfAbsent(name, n -> clock.instant());
                if (clock.instant().isBefore(since.plus(COLUMN_GRACE))) return false;
            }
            if (warned.add(name)) {
                log.warn("Cannot create rollup view; its panels read the raw table [view={}]: {}", name, e.getMessage());
            }
            return false;
        }
    }

    private static boolean isMissingColumn(SqlException e) {
        return e.getMessage() != null && e.getMessage().startsWith("Invalid column");
    }

    /**
     * The variables' columns {@code table} has as SYMBOLs (and the variable applies to it), quoted, each followed by
     * ", "; a column the SELECT names itself is left out.
     */
    static String keys(Rollup.View view, Schema.Table table, List<Variable> variables) {
        StringBuilder out = new StringBuilder();
        String plain = view.create().replace(Rollup.KEYS, "");
        for (Variable v : variables) {
            if (!v.tables().isEmpty() && v.tables().stream().noneMatch(t -> t.equalsIgnoreCase(table.name()))) continue;
            Optional<Schema.Column> column = table.columns().stream()
                    .filter(c -> c.name().equalsIgnoreCase(v.name()) && c.isSymbol()).findFirst();
            if (column.isEmpty()) continue;
            if (Pattern.compile("(?i)(?<![A-Za-z0-9_\"])\"?" + Pattern.quote(column.get().name()) + "\"?(?![A-Za-z0-9_])").matcher(plain).find()) continue;
            out.append(Sql.identifier(column.get().name())).append(", ");
        }
        return out.toString();
    }
}
