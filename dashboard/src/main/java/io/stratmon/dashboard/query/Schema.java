package io.stratmon.dashboard.query;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The tables QuestDB has and their columns, read from {@code tables()} and {@code table_columns()} and kept for a few
 * seconds (the shipper creates tables as new events appear). Every table or column name the page sends is checked
 * against this list before it reaches SQL, and then quoted.
 * <p>
 * Reading the list takes one query per table (two dozen with the rollup views, 50-100 ms on a busy QuestDB). Only the
 * first read, and one after {@link #refresh()} or for a name the list does not know, makes callers wait; once the list
 * is older than its time to live, callers get it as it is while one background thread reads it again, so a panel
 * request never pays for the reload (it used to, every 5 s, and every request waited on that one).
 */
public final class Schema {

    public record Column(String name, String type) {
        private static final Set<String> NUMERIC = Set.of("DOUBLE", "FLOAT", "INT", "LONG", "SHORT", "BYTE");
        private static final Set<String> TEXT = Set.of("SYMBOL", "VARCHAR", "STRING", "CHAR");

        @JsonIgnore
        public boolean isNumeric() {
            return NUMERIC.contains(type);
        }

        @JsonIgnore
        public boolean isSymbol() {
            return type.equals("SYMBOL");
        }

        @JsonIgnore
        public boolean isText() {
            return TEXT.contains(type);
        }
    }

    /**
     * @param timestamp the designated timestamp column; null when the table has none
     * @param view      a materialized view (a dashboard's rollup), not a table the shipper writes
     * @param invalid   why QuestDB marked this view invalid (it no longer refreshes it: its rows are stale), or null
     */
    public record Table(String name, String timestamp, List<Column> columns, boolean view, String invalid) {
        public Table(String name, String timestamp, List<Column> columns) {
            this(name, timestamp, columns, false, null);
        }

        public Table(String name, String timestamp, List<Column> columns, boolean view) {
            this(name, timestamp, columns, view, null);
        }

        public Optional<Column> column(String column) {
            return columns.stream().filter(c -> c.name().equals(column)).findFirst();
        }

        /** Our own tables ({@code stratmon_shipper}), rollup views and QuestDB's are not log events. */
        @JsonIgnore
        public boolean isEventTable() {
            return timestamp != null && !view && !name.startsWith("stratmon_") && !name.startsWith("sys.") && !name.startsWith("_");
        }
    }

    private final SqlClient sql;
    private final Duration ttl;
    private final Clock clock;
    private final Executor reloader;
    private List<Table> tables;
    private Instant loadedAt;
    /** Bumped whenever the list is dropped: a background read begun before that must not put its older list back. */
    private long generation;
    private boolean reloading;

    public Schema(SqlClient sql, Duration ttl, Clock clock) {
        this(sql, ttl, clock, task -> {
            Thread t = new Thread(task, "stratmon-schema");
            t.setDaemon(true);
            t.start();
        });
    }

    /** @param reloader runs the background reads of an expired list (one at a time) */
    public Schema(SqlClient sql, Duration ttl, Clock clock, Executor reloader) {
        this.sql = sql;
        this.ttl = ttl;
        this.clock = clock;
        this.reloader = reloader;
    }

    public List<Table> tables() {
        synchronized (this) {
            if (tables != null) {
                if (!reloading && loadedAt.plus(ttl).isBefore(clock.instant())) reloadInBackground();
                return tables;
            }
            // No list (the first call, or dropped): every caller waits for this one read.
            Instant now = clock.instant();
            List<Table> loaded = load();
            tables = loaded;
            loadedAt = now;
            return loaded;
        }
    }

    private void reloadInBackground() {
        reloading = true;
        long started = generation;
        try {
            reloader.execute(() -> {
                Instant now = clock.instant();
                List<Table> loaded = null;
                try {
                    loaded = load();
                } catch (RuntimeException e) {
                    // Kept as it was; the next call after the time to live tries again.
                } finally {
                    synchronized (this) {
                        reloading = false;
                        loadedAt = now;
                        if (loaded != null && generation == started && tables != null) tables = loaded;
                    }
                }
            });
        } catch (RuntimeException rejected) {
            reloading = false;
        }
    }

    public Optional<Table> table(String name) {
        return tables().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * The table of that name compared as QuestDB does, case-insensitively. A name not in the cached list re-reads it
     * once (a table created since), so a brand-new table is not left unfiltered, or unknown, for the cache's lifetime.
     */
    public Optional<Table> tableIgnoreCase(String name) {
        Optional<Table> found = tables().stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
        if (found.isPresent()) return found;
        // One cheap question first (does QuestDB know the name?): only a table created since makes it read the whole
        // list again, so unknown names never cost a reload, however often they are asked for.
        if (sql.query("SELECT table_name FROM tables() WHERE lower(table_name) = lower(" + Sql.literal(name) + ")").rows().isEmpty()) {
            return Optional.empty();
        }
        refresh();
        return tables().stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * Why QuestDB marked the view {@code name} invalid, from the cached list (never a query): an invalid view is no
     * longer refreshed, so its panels read their raw tables. Empty for a valid view and for a name not in the list.
     */
    public Optional<String> invalidView(String name) {
        return tables().stream().filter(t -> t.name().equalsIgnoreCase(name) && t.invalid() != null).map(Table::invalid).findFirst();
    }

    /** Forget the cached list, e.g. after a query failed on a table that was just created or dropped. */
    public synchronized void refresh() {
        tables = null;
        generation++;
    }

    private List<Table> load() {
        List<Table> result = new ArrayList<>();
        QueryResult names = sql.query("SELECT table_name, designatedTimestamp FROM tables() ORDER BY table_name");
        Set<String> views = new java.util.HashSet<>();
        java.util.Map<String, String> invalid = new java.util.HashMap<>();
        for (List<Object> row : sql.query("SELECT view_name, view_status, invalidation_reason FROM materialized_views()").rows()) {
            views.add((String) row.get(0));
            if (row.size() > 1 && "invalid".equals(row.get(1))) {
                invalid.put((String) row.get(0), row.size() > 2 && row.get(2) != null ? String.valueOf(row.get(2)) : "no reason given");
            }
        }
        for (List<Object> row : names.rows()) {
            String name = (String) row.get(0);
            List<Column> columns = new ArrayList<>();
            for (List<Object> c : sql.query("SELECT \"column\", type FROM table_columns(" + Sql.literal(name) + ")").rows()) {
                // The shipper's dedup keys are bookkeeping, not data: never offered for charts.
                if (!EventLog.HIDDEN.contains((String) c.get(0))) columns.add(new Column((String) c.get(0), (String) c.get(1)));
            }
            String ts = (String) row.get(1);
            result.add(new Table(name, ts == null || ts.isEmpty() ? null : ts, List.copyOf(columns), views.contains(name), invalid.get(name)));
        }
        return List.copyOf(result);
    }
}
