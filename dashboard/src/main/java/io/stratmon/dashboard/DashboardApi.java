package io.stratmon.dashboard;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.stratmon.dashboard.live.LiveFeed;
import io.stratmon.dashboard.model.Dashboard;
import io.stratmon.dashboard.model.DashboardCatalog;
import io.stratmon.dashboard.model.DashboardLoader;
import io.stratmon.dashboard.model.Panel;
import io.stratmon.dashboard.query.AdhocQuery;
import io.stratmon.dashboard.query.Explore;
import io.stratmon.dashboard.query.PanelRequest;
import io.stratmon.dashboard.query.PanelResult;
import io.stratmon.dashboard.query.PanelRunner;
import io.stratmon.dashboard.query.Schema;
import io.stratmon.dashboard.query.Selection;
import io.stratmon.dashboard.query.VariableValues;
import io.stratmon.dashboard.model.Variable;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON API behind the page. Every endpoint takes names and validated parameters, never SQL, except the ad-hoc
 * box ({@code POST /api/sql}), which runs one statement only after {@link io.stratmon.dashboard.statement.SqlGuard}
 * said it is read-only.
 */
final class DashboardApi {
    private final DashboardCatalog catalog;
    private final Schema schema;
    private final PanelRunner runner;
    private final LiveFeed live;
    private final AdhocQuery adhoc;
    private final DashboardConfig config;
    private final Clock clock;
    private final VariableValues values;

    DashboardApi(DashboardCatalog catalog, Schema schema, PanelRunner runner, LiveFeed live, AdhocQuery adhoc,
                 DashboardConfig config, Clock clock, VariableValues values) {
        this.values = values;
        this.catalog = catalog;
        this.schema = schema;
        this.runner = runner;
        this.live = live;
        this.adhoc = adhoc;
        this.config = config;
        this.clock = clock;
    }

    /** {@code GET /api/dashboards}: every dashboard, with its problems when its file is bad. */
    void list(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DashboardLoader.Result r : catalog.all()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", r.id());
            if (r instanceof DashboardLoader.Result.Ok ok) {
                entry.put("title", ok.dashboard().title());
                entry.put("description", ok.dashboard().description());
                entry.put("source", ok.dashboard().source());
            } else if (r instanceof DashboardLoader.Result.Broken broken) {
                entry.put("title", r.id());
                entry.put("source", broken.source());
                entry.put("problems", broken.problems());
            }
            out.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dashboards", out);
        body.put("adhocSql", config.adhocSql());
        body.put("liveIntervalMs", config.liveInterval().toMillis());
        // ?definition=ID: that dashboard's definition too (as GET /api/dashboards/ID answers it), so the page needs
        // one round trip, not two, before it lays out the panels; absent for an unknown or broken one.
        String wanted = ctx.queryParam("definition");
        if (wanted != null) {
            catalog.find(wanted).filter(r -> r instanceof DashboardLoader.Result.Ok)
                    .ifPresent(r -> body.put("definition", definitionBody(((DashboardLoader.Result.Ok) r).dashboard())));
        }
        ctx.json(body);
    }

    /** {@code GET /api/dashboards/{id}}: the panels to lay out (422 with the problems for a bad file). */
    void definition(Context ctx) {
        DashboardLoader.Result r = find(ctx.pathParam("id"));
        if (r instanceof DashboardLoader.Result.Broken broken) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT).json(Map.of("error", "dashboard file has errors", "id", broken.id(),
                    "source", broken.source(), "problems", broken.problems()));
            return;
        }
        Map<String, Object> body = definitionBody(((DashboardLoader.Result.Ok) r).dashboard());
        // Changes only with its file: the page revalidates it and gets 304 most of the time.
        Revalidated.answer(ctx, ctx.jsonMapper().toJsonString(body, Map.class).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/json", Revalidated.REVALIDATE);
    }

    private static Map<String, Object> definitionBody(Dashboard d) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", d.id());
        body.put("title", d.title());
        body.put("description", d.description());
        body.put("source", d.source());
        body.put("panels", d.panels().stream().map(DashboardApi::view).toList());
        body.put("variables", d.variables().stream().map(v -> new VariableView(v.name(), v.label())).toList());
        return body;
    }

    /** {@code GET /api/dashboards/{id}/panels/{panel}}: one panel's data for a range. */
    void panel(Context ctx) {
        Panel panel = dashboard(ctx.pathParam("id")).panel(ctx.pathParam("panel"))
                .orElseThrow(() -> new NotFound("no such panel [dashboard=" + ctx.pathParam("id") + ", panel=" + ctx.pathParam("panel") + "]"));
        Dashboard d = dashboard(ctx.pathParam("id"));
        PanelResult result = runner.run(panel, RequestParams.panelRequest(ctx, clock.instant()).withSelection(RequestParams.selection(ctx, d)));
        // The time in QuestDB, for the browser's resource timing (the page's benchmark reads it beside the wait).
        ctx.header("Server-Timing", "query;dur=" + result.ms());
        ctx.json(result);
    }

    /**
     * {@code GET /api/dashboards/{id}/variables?range=15m} (or from/to): each variable with its values in that range, for
     * the header's selectors:
     * {@code {"variables": [{"name": "host", "label": "Host", "values": ["a", "b"]}]}}.
     */
    void variables(Context ctx) {
        Dashboard d = dashboard(ctx.pathParam("id"));
        PanelRequest window = RequestParams.panelRequest(ctx, clock.instant());
        // A relative range is cached by its name (15m), so a live page's slide does not miss the cache every second.
        String windowKey = RequestParams.isAbsolute(ctx) ? window.from() + "/" + window.to() : RequestParams.range(ctx).toString();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Variable v : d.variables()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", v.name());
            entry.put("label", v.label());
            entry.put("values", values.values(d, v, window.from(), window.to(), windowKey));
            out.add(entry);
        }
        ctx.json(Map.of("variables", out, "all", Variable.ALL));
    }

    /** {@code GET /api/series/{panel}}: a panel of the default dashboard (kept for older clients and scripts). */
    void series(Context ctx) {
        Panel panel = dashboard("default").panel(ctx.pathParam("panel"))
                .orElseThrow(() -> new NotFound("no such panel in the default dashboard [panel=" + ctx.pathParam("panel") + "]"));
        ctx.json(runner.run(panel, RequestParams.panelRequest(ctx, clock.instant())));
    }

    /** SSE {@code /api/live/{id}?range=15m&px=...}: live mode for a dashboard. */
    void liveDashboard(SseClient client) {
        Context ctx = client.ctx();
        try {
            Dashboard d = dashboard(ctx.pathParam("id"));
            live.subscribe(client, subscription(ctx, d.panels(), RequestParams.selection(ctx, d)));
        } catch (RuntimeException e) {
            refuse(client, e);
        }
    }

    /** SSE {@code /api/explore/live?table=...&column=...}: live mode for the explore view. */
    void liveExplore(SseClient client) {
        Context ctx = client.ctx();
        try {
            live.subscribe(client, subscription(ctx, List.of(explorePanel(ctx)), Selection.ALL));
        } catch (RuntimeException e) {
            refuse(client, e);
        }
    }

    /** SSE {@code /api/alerts/live?range=...}: the live Alerts view, ticks and {@code alerts} events only, no panels. */
    void liveAlerts(SseClient client) {
        Context ctx = client.ctx();
        try {
            live.subscribe(client, subscription(ctx, List.of(), Selection.ALL));
        } catch (RuntimeException e) {
            refuse(client, e);
        }
    }

    /**
     * {@code GET /api/explore/tables[?table=name]}: what the explore view can pick from; a {@code table} the cached list
     * lacks but QuestDB has makes it read the list again ({@link Schema#tableIgnoreCase}), so a link to a table created
     * since works.
     */
    void exploreTables(Context ctx) {
        String wanted = ctx.queryParam("table");
        if (wanted != null && !wanted.isBlank()) schema.tableIgnoreCase(wanted);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Schema.Table t : schema.tables()) {
            if (t.timestamp() == null) continue;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("table", t.name());
            entry.put("timestamp", t.timestamp());
            entry.put("numeric", t.columns().stream().filter(Schema.Column::isNumeric).map(Schema.Column::name).toList());
            entry.put("symbols", t.columns().stream().filter(Schema.Column::isSymbol).map(Schema.Column::name).toList());
            entry.put("defaultGroup", Explore.defaultGroup(t));
            out.add(entry);
        }
        ctx.json(Map.of("tables", out, "aggregates", List.of("avg", "min", "max", "last", "first", "sum", "count")));
    }

    /** {@code GET /api/explore?table=...&column=...&group=...&agg=...}: one series for any table. */
    void explore(Context ctx) {
        ctx.json(runner.run(explorePanel(ctx), RequestParams.panelRequest(ctx, clock.instant())));
    }

    /** {@code POST /api/sql} with JSON {@code {"sql": "..."}}: the read-only ad-hoc box. */
    void sql(Context ctx) {
        if (!config.adhocSql()) throw new NotFound("the ad-hoc SQL box is turned off");
        if (ctx.contentType() == null || !ctx.contentType().startsWith("application/json")) {
            // A JSON body needs a CORS preflight from other origins, which this server never grants.
            ctx.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).json(Map.of("error", "send {\"sql\": \"...\"} as application/json"));
            return;
        }
        Object text = ctx.bodyAsClass(Map.class).get("sql");
        if (!(text instanceof String sql)) throw new IllegalArgumentException("body must be {\"sql\": \"...\"}");
        try {
            ctx.json(adhoc.run(sql));
        } catch (AdhocQuery.Refused e) {
            ctx.status(HttpStatus.FORBIDDEN).json(Map.of("error", "refused: " + e.getMessage()));
        } catch (AdhocQuery.Busy e) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS).json(Map.of("error", e.getMessage()));
        }
    }

    /** {@code GET /api/tables}: table names. */
    void tables(Context ctx) {
        ctx.json(schema.tables().stream().map(Schema.Table::name).toList());
    }

    private LiveFeed.Subscription subscription(Context ctx, List<Panel> panels, Selection selection) {
        if (RequestParams.isAbsolute(ctx)) throw new IllegalArgumentException("live mode takes a range (e.g. range=15m), not from/to");
        return new LiveFeed.Subscription(panels, RequestParams.range(ctx), RequestParams.widths(ctx), RequestParams.width(ctx),
                RequestParams.filter(ctx), RequestParams.page(ctx), selection, "1".equals(ctx.queryParam("fetched")));
    }

    private Panel explorePanel(Context ctx) {
        return Explore.panel(schema, ctx.queryParam("table"), ctx.queryParam("column"), ctx.queryParam("group"), ctx.queryParam("agg"));
    }

    private static void refuse(SseClient client, RuntimeException e) {
        client.sendEvent("failure", Map.of("error", String.valueOf(e.getMessage())));
        client.close();
    }

    private DashboardLoader.Result find(String id) {
        return catalog.find(id).orElseThrow(() -> new NotFound("no such dashboard [id=" + id + "]"));
    }

    private Dashboard dashboard(String id) {
        DashboardLoader.Result r = find(id);
        if (r instanceof DashboardLoader.Result.Broken b) {
            throw new IllegalArgumentException("dashboard file has errors [id=" + id + ", problems=" + String.join("; ", b.problems()) + "]");
        }
        return ((DashboardLoader.Result.Ok) r).dashboard();
    }

    /** What the page needs to lay out and draw a panel (its SQL too, shown on request; the page never sends it back). */
    private static Map<String, Object> view(Panel p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", p.id());
        v.put("title", p.title());
        v.put("kind", p.kind().id());
        v.put("unit", p.unit());
        v.put("width", p.width());
        v.put("groupBy", p.groupBy());
        v.put("split", p.split());
        v.put("band", p.band());
        v.put("rightAxis", p.rightAxis());
        v.put("thresholds", p.thresholds());
        v.put("decimals", p.decimals());
        v.put("pageSize", p.pageSize());
        v.put("emptyText", p.emptyText());
        v.put("sql", p.sql());
        return v;
    }

    /** A selector to lay out; its values come from {@link #variables}. */
    record VariableView(String name, String label) {}

    /** Answered 404. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
