package io.stratmon.dashboard.query;

import io.stratmon.dashboard.model.Panel;
import io.stratmon.dashboard.model.PanelKind;
import io.stratmon.dashboard.model.Rollup;
import io.stratmon.dashboard.statement.Macros;
import io.stratmon.dashboard.statement.TableScope;
import io.stratmon.dashboard.statement.TimeWindow;
import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one panel for one request: expands the macros of its statements with the request's window, runs them on
 * QuestDB, and shapes the rows for its kind. Never throws for a QuestDB failure: the panel's result says what went
 * wrong, so the page shows it in that panel only. Thread-safe.
 */
public final class PanelRunner {
    private final SqlClient sql;
    private final Duration timeout;
    private final int maxPoints;
    private final EventLog events;
    private final Schema schema;
    private final Executor statementPool;

    public PanelRunner(SqlClient sql, Schema schema, Duration timeout, int maxPoints) {
        this(sql, schema, timeout, maxPoints, null);
    }

    /** @param statementPool runs a panel's second and later statements beside its first; null: one after another */
    public PanelRunner(SqlClient sql, Schema schema, Duration timeout, int maxPoints, Executor statementPool) {
        this.statementPool = statementPool;
        this.sql = sql;
        this.timeout = timeout;
        this.maxPoints = maxPoints;
        this.schema = schema;
        this.events = new EventLog(sql, schema, timeout);
    }

    public PanelResult run(Panel panel, PanelRequest request) {
        TimeWindow window = TimeWindow.of(request.from(), request.to(), request.widthPx(), maxPoints, panel.minInterval());
        long start = System.nanoTime();
        try {
            if (panel.kind() == PanelKind.EVENTS) {
                return result(panel, window, start, PanelResult.OK, null,
                        events.run(panel, window, request.filter(), request.page(), request.selection()));
            }
            Rollup rollup = panel.rollup();
            Selection selection = rollup == null ? request.selection() : request.selection().withViews(viewTables(rollup));
            boolean useRollup = rollup != null && window.intervalMs() >= rollup.minInterval().toMillis()
                    && rollup.views().stream().allMatch(v -> schema.invalidView(v.name()).isEmpty())
                    && rollupKeepsSelection(panel, selection) && nothingAfter(rollup, window, request);
            List<QueryResult> results = new ArrayList<>();
            boolean missingTable = false;
            List<String> statements = useRollup ? rollup.sql() : panel.sql();
            List<Object> answers = runAll(statements, panel, window, request, selection);
            for (int i = 0; i < statements.size(); i++) {
                if (answers.get(i) instanceof QueryResult r) {
                    results.add(r);
                    continue;
                }
                SqlException e = (SqlException) answers.get(i);
                if (isMissingTable(e) && useRollup && basesMissing(rollup, statements.get(i))) {
                    // The views' tables are not there either: what the raw statement would find (no data).
                    missingTable = true;
                    continue;
                }
                if (isMissingTable(e) && useRollup) {
                    // The view is not there (yet): read the raw table, slower but right.
                    useRollup = false;
                    statements = panel.sql();
                    answers = runAll(statements, panel, window, request, selection);
                    results.clear();
                    i = -1;
                    continue;
                }
                if (isMissingTable(e)) {
                    // A table the shipper has not created yet (no such event so far): no data, not a failure.
                    missingTable = true;
                    continue;
                }
                String which = statements.size() > 1 ? "statement " + (i + 1) + ": " : "";
                return result(panel, window, start, PanelResult.ERROR, which + describe(e), null);
            }
            String view = useRollup ? rollup.names() : null;
            if (results.isEmpty() && missingTable) return result(panel, window, start, PanelResult.EMPTY, panel.emptyText(), null, view);
            Object data = switch (panel.kind()) {
                case TIMESERIES -> Shapes.series(results, panel.groupBy());
                case STAT -> Shapes.stat(results, panel.groupBy());
                case TABLE -> Shapes.table(results.get(0), request.page(), panel.pageSize());
                case BAR -> Shapes.bar(results.get(0));
                case EVENTS -> throw new IllegalStateException("handled above");
            };
            return result(panel, window, start, PanelResult.OK, null, data, view);
        } catch (SqlException e) {
            return result(panel, window, start, PanelResult.ERROR, describe(e), null);
        } catch (IllegalArgumentException e) {
            throw e; // a bad request (e.g. an event-log table that is not one): the caller answers 400
        } catch (RuntimeException e) {
            return result(panel, window, start, PanelResult.ERROR, "cannot show panel: " + e.getMessage(), null);
        }
    }

    /**
     * Each statement's answer, a {@link QueryResult} or the {@link SqlException} it failed with, in order. A panel's
     * statements (rows per second has eight) run at once on the statement pool, the first on the calling thread, so
     * the panel takes about as long as its slowest statement, not their sum.
     */
    private List<Object> runAll(List<String> statements, Panel panel, TimeWindow window, PanelRequest request, Selection selection) {
        List<String> texts = new ArrayList<>(statements.size());
        for (String s : statements) {
            String text = selection.scope(Macros.expand(s, window), schema, new HashSet<>());
            texts.add(panel.kind() == PanelKind.TABLE ? paged(text, request.page(), panel.pageSize()) : text);
        }
        List<CompletableFuture<Object>> rest = new ArrayList<>();
        if (statementPool != null) {
            for (String text : texts.subList(Math.min(1, texts.size()), texts.size())) {
                try {
                    rest.add(CompletableFuture.supplyAsync(() -> answer(text), statementPool));
                } catch (RejectedExecutionException stopping) {
                    rest.add(CompletableFuture.completedFuture(answer(text)));
                }
            }
        }
        List<Object> answers = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            if (statementPool == null || i == 0) {
                answers.add(answer(texts.get(i)));
                continue;
            }
            try {
                answers.add(rest.get(i - 1).join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return answers;
    }

    private Object answer(String statement) {
        try {
            return sql.query(statement, timeout);
        } catch (SqlException e) {
            return e;
        }
    }

    /**
     * A rollup view may be read only when it can be filtered by every variable its raw table is filtered by: a
     * {@code price_1m} without a {@code host} column would otherwise show every host's prices under "host = a".
     * Checked view by view (a view is one table's rollup), and over all statements.
     */
    private boolean rollupKeepsSelection(Panel panel, Selection selection) {
        if (selection.isAll()) return true;
        for (Rollup.View v : panel.rollup().views()) {
            Set<String> raw = new HashSet<>();
            Set<String> view = new HashSet<>();
            schema.tableIgnoreCase(v.table()).ifPresent(t -> selection.predicate(t, raw));
            schema.tableIgnoreCase(v.name()).ifPresent(t -> selection.predicate(t, view));
            if (!view.containsAll(raw)) return false;
        }
        Set<String> raw = new HashSet<>();
        Set<String> view = new HashSet<>();
        panel.sql().forEach(s -> selection.scope(s, schema, raw));
        panel.rollup().sql().forEach(s -> selection.scope(s, schema, view));
        return view.containsAll(raw);
    }

    /**
     * Whether the views' last row in the window holds no row after {@code to}. A view's row for the minute that
     * contains {@code to} counts the whole minute, the raw table only up to {@code to}: equal when the range ends now
     * (nothing later is written yet), and for a fixed range only when no raw row falls after {@code to} in that minute
     * (one indexed interval scan per table, at most {@code min_interval} long).
     */
    private boolean nothingAfter(Rollup rollup, TimeWindow window, PanelRequest request) {
        if (request.endsNow()) return true;
        long grain = rollup.minInterval().toMillis();
        Instant end = Instant.ofEpochMilli(Math.floorDiv(window.to().toEpochMilli(), grain) * grain + grain);
        for (Rollup.View v : rollup.views()) {
            Schema.Table table = schema.tableIgnoreCase(v.table()).orElse(null);
            if (table == null) continue;
            if (table.timestamp() == null) return false;
            String ts = Sql.identifier(table.timestamp());
            long after = sql.query("SELECT count() FROM " + Sql.identifier(table.name()) + " WHERE " + ts + " > "
                    + Sql.literal(window.to().toString()) + " AND " + ts + " < " + Sql.literal(end.toString()), timeout).longValue(0, 0);
            if (after > 0) return false;
        }
        return true;
    }

    private static java.util.Map<String, String> viewTables(Rollup rollup) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        rollup.views().forEach(v -> out.put(v.name(), v.table()));
        return out;
    }

    /** Whether every view {@code statement} reads has a base table that does not exist (yet). */
    private boolean basesMissing(Rollup rollup, String statement) {
        Set<String> read = new HashSet<>();
        TableScope.tables(statement).forEach(t -> read.add(t.toLowerCase(Locale.ROOT)));
        boolean any = false;
        for (Rollup.View v : rollup.views()) {
            if (!read.contains(v.name().toLowerCase(Locale.ROOT))) continue;
            any = true;
            if (schema.tableIgnoreCase(v.table()).isPresent()) return false;
        }
        return any;
    }

    /** The statement as a subquery with a row window: one more row than a page tells whether there is a next page. */
    static String paged(String statement, int page, int pageSize) {
        long lo = (long) page * pageSize;
        return "SELECT * FROM (\n" + statement + "\n) LIMIT " + lo + ", " + (lo + pageSize + 1);
    }

    static boolean isMissingTable(SqlException e) {
        return e.getMessage() != null && e.getMessage().startsWith("table does not exist");
    }

    static String describe(SqlException e) {
        if (e.getCause() instanceof HttpTimeoutException) return "query took too long and was abandoned";
        return e.getMessage();
    }

    private static PanelResult result(Panel panel, TimeWindow w, long startNanos, String state, String message, Object data) {
        return result(panel, w, startNanos, state, message, data, null);
    }

    /** @param rollup the materialized view the panel read instead of its table, or null */
    private static PanelResult result(Panel panel, TimeWindow w, long startNanos, String state, String message, Object data,
                                      String rollup) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        return new PanelResult(panel.id(), panel.kind().id(), state, message, ms, w.intervalMs(), w.from().toString(),
                w.to().toString(), data, rollup);
    }
}
