package io.stratmon.dashboard;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.stratmon.dashboard.access.AccessConfig;
import io.stratmon.dashboard.access.AccessGuard;
import io.stratmon.dashboard.alerts.AlertHistory;
import io.stratmon.dashboard.alerts.AlertStatusSource;
import io.stratmon.dashboard.alerts.AlertsApi;
import io.stratmon.dashboard.live.LiveFeed;
import io.stratmon.dashboard.model.DashboardCatalog;
import io.stratmon.dashboard.query.AdhocQuery;
import io.stratmon.dashboard.query.PanelRequest;
import io.stratmon.dashboard.query.PanelRunner;
import io.stratmon.dashboard.query.Rollups;
import io.stratmon.dashboard.query.Schema;
import io.stratmon.dashboard.query.VariableValues;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard's HTTP server: the page ({@code /}), uPlot ({@code /webjars/...}), and a JSON API that only runs the
 * SQL of dashboard files on this server (plus, if enabled, single read-only statements from the ad-hoc box).
 *
 * <pre>{@code
 * Javalin app = DashboardServer.create(SqlClient.connect(questDbUrl),
 *         DashboardConfig.defaults().withDashboardsDir(Path.of("dashboards"))).start();
 * System.out.println("http://127.0.0.1:" + app.port());
 * }</pre>
 */
public final class DashboardServer {
    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);

    private DashboardServer() {}

    public static Javalin create(SqlClient sql, DashboardConfig config) {
        return create(sql, config, AlertStatusSource.NONE);
    }

    /** @param alerts what the header badge and the Alerts view show; {@link AlertStatusSource#NONE} without alerting */
    public static Javalin create(SqlClient sql, DashboardConfig config, AlertStatusSource alerts) {
        return create(sql, config, alerts, AccessConfig.loopbackOnly(), Map.of());
    }

    /** @param access who may reach it: loopback only by default; another address needs allow_remote and a token */
    public static Javalin create(SqlClient sql, DashboardConfig config, AlertStatusSource alerts, AccessConfig access) {
        return create(sql, config, alerts, access, Map.of());
    }

    /** @param ops extra GET routes by path ({@code /metrics}, {@code /health}, {@code /ready}), answered as they say */
    public static Javalin create(SqlClient sql, DashboardConfig config, AlertStatusSource alerts, Map<String, OpsEndpoint> ops) {
        return create(sql, config, alerts, AccessConfig.loopbackOnly(), ops);
    }

    /** The dashboard server behind {@code access}, with the {@code ops} routes besides the page and its API. */
    public static Javalin create(SqlClient sql, DashboardConfig config, AlertStatusSource alerts, AccessConfig access,
                                 Map<String, OpsEndpoint> ops) {
        List<String> problems = new java.util.ArrayList<>(config.problems());
        access.problems(config.host()).forEach(p -> problems.add(p.toString()));
        if (!problems.isEmpty()) throw new IllegalArgumentException("invalid dashboard config: " + String.join("; ", problems));
        Clock clock = Clock.systemUTC();
        DashboardCatalog catalog = new DashboardCatalog(config.dashboardsDir());
        Schema schema = new Schema(sql, Duration.ofSeconds(5), clock);
        ExecutorService statements = Executors.newFixedThreadPool(config.queryThreads(), daemon("stratmon-statement"));
        PanelRunner runner = new PanelRunner(sql, schema, config.panelTimeout(), config.maxPoints(), statements);
        AlertsApi alertsApi = new AlertsApi(alerts, new AlertHistory(sql, config.panelTimeout()));
        LiveFeed live = new LiveFeed(runner, Executors.newFixedThreadPool(config.queryThreads(), daemon("stratmon-panel")),
                Executors.newSingleThreadScheduledExecutor(daemon("stratmon-live")), config.liveInterval(), clock, alertsApi::snapshotJson);
        AdhocQuery adhoc = new AdhocQuery(sql, config.adhocMaxRows(), config.adhocTimeout());
        VariableValues values = new VariableValues(sql, schema, Duration.ofSeconds(10), config.panelTimeout(), clock);
        DashboardApi api = new DashboardApi(catalog, schema, runner, live, adhoc, config, clock, values);
        ScheduledExecutorService rollupTimer = Executors.newSingleThreadScheduledExecutor(daemon("stratmon-rollups"));
        rollupTimer.scheduleWithFixedDelay(new Rollups(sql, catalog, schema, clock), 0, 5, TimeUnit.SECONDS);
        AccessGuard guard = AccessGuard.of(config.host(), access);
        return Javalin.create(cfg -> {
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            // The page's files with an ETag (304 on revalidation); uPlot from its versioned webjar path.
            cfg.staticFiles.enableWebjars();
            cfg.events.serverStopped(live::close);
            cfg.events.serverStopped(rollupTimer::shutdownNow);
            cfg.events.serverStopped(statements::shutdownNow);
            // Every route, static files too: Host (DNS rebinding), cross-origin writes, the token (AccessGuard).
            cfg.routes.before(guard::check);
            cfg.routes.get("/login", guard::login);
            Revalidated.Files page = new Revalidated.Files();
            cfg.routes.get("/", ctx -> page.serve(ctx, "index.html"));
            for (String file : List.of("index.html", "app.js", "panels.js", "alerts.js", "style.css")) {
                cfg.routes.get("/" + file, ctx -> page.serve(ctx, file));
            }
            cfg.routes.get("/api/dashboards", api::list);
            cfg.routes.get("/api/dashboards/{id}", api::definition);
            cfg.routes.get("/api/dashboards/{id}/panels/{panel}", api::panel);
            cfg.routes.get("/api/dashboards/{id}/variables", api::variables);
            cfg.routes.sse("/api/live/{id}", api::liveDashboard);
            cfg.routes.get("/api/explore/tables", api::exploreTables);
            cfg.routes.get("/api/explore", api::explore);
            cfg.routes.sse("/api/explore/live", api::liveExplore);
            cfg.routes.post("/api/sql", api::sql);
            cfg.routes.get("/api/tables", api::tables);
            cfg.routes.get("/api/series/{panel}", api::series);
            // Alerts: read-only; the rules live in files, nothing here can create, change or run them.
            cfg.routes.get("/api/alerts", alertsApi::snapshot);
            cfg.routes.get("/api/alerts/history", ctx -> {
                PanelRequest w = RequestParams.panelRequest(ctx, clock.instant());
                alertsApi.history(ctx, w.from(), w.to());
            });
            cfg.routes.get("/api/alerts/bands", ctx -> {
                PanelRequest w = RequestParams.panelRequest(ctx, clock.instant());
                alertsApi.bands(ctx, w.from(), w.to());
            });
            cfg.routes.sse("/api/alerts/live", api::liveAlerts);
            ops.forEach((path, endpoint) -> cfg.routes.get(path, ctx -> {
                OpsEndpoint.Answer a = endpoint.answer();
                ctx.status(a.status()).contentType(a.contentType()).header("Cache-Control", "no-store").result(a.body());
            }));
            cfg.routes.exception(Exception.class, ErrorAnswers::handle);
            cfg.routes.exception(DashboardApi.NotFound.class, (e, ctx) -> ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", e.getMessage())));
            cfg.routes.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage())));
            cfg.routes.exception(SqlException.class, (e, ctx) -> {
                log.warn("Query failed [error={}]", e.getMessage());
                ctx.status(e.isUnreachable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY).json(Map.of("error", e.getMessage()));
            });
        });
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
