package io.stratmon.dashboard;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's HTTP server: the page ({@code /}), uPlot ({@code /webjars/...}) and a read-only JSON API that only
 * runs the SQL of {@link Chart} definitions.
 *
 * <pre>{@code
 * Javalin app = DashboardServer.create(SqlClient.connect(questDbUrl), DashboardConfig.defaults()).start();
 * System.out.println("http://127.0.0.1:" + app.port());
 * }</pre>
 */
public final class DashboardServer {
    private DashboardServer() {}

    public static Javalin create(SqlClient sql, DashboardConfig config) {
        SeriesQuery series = new SeriesQuery(sql, config.maxPoints());
        return Javalin.create(cfg -> {
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.staticFiles.add("/web", Location.CLASSPATH);
            cfg.staticFiles.enableWebjars();
            cfg.routes.get("/api/tables", ctx -> ctx.json(tables(sql)));
            cfg.routes.get("/api/series/{chart}", ctx -> series(ctx, series));
            cfg.routes.exception(SqlException.class, (e, ctx) ->
                    ctx.status(e.isUnreachable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY)
                            .json(Map.of("error", e.getMessage())));
            cfg.routes.exception(IllegalArgumentException.class, (e, ctx) ->
                    ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage())));
        });
    }

    private static List<String> tables(SqlClient sql) {
        List<String> names = new ArrayList<>();
        sql.query("SELECT table_name FROM tables() ORDER BY table_name").rows().forEach(r -> names.add((String) r.get(0)));
        return names;
    }

    /** {@code /api/series/{chart}?range=15m} or {@code ?from=ISO&to=ISO}: the downsampled series of a built-in chart. */
    private static void series(Context ctx, SeriesQuery query) {
        Chart chart = Chart.byId(ctx.pathParam("chart"))
                .orElseThrow(() -> new IllegalArgumentException("unknown chart [chart=" + ctx.pathParam("chart") + "]"));
        Instant to = instant(ctx.queryParam("to"), Instant.now());
        Instant from = ctx.queryParam("from") != null ? instant(ctx.queryParam("from"), null)
                : to.minus(range(ctx.queryParamAsClass("range", String.class).getOrDefault("15m")));
        if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to [from=" + from + ", to=" + to + "]");
        ctx.json(query.run(chart, from, to));
    }

    private static Instant instant(String text, Instant fallback) {
        if (text == null) return fallback;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 instant [value=" + text + "]");
        }
    }

    /** {@code 30s}, {@code 15m}, {@code 6h}, {@code 7d}. */
    static Duration range(String text) {
        if (text.length() >= 2) {
            try {
                long n = Long.parseLong(text.substring(0, text.length() - 1));
                if (n > 0) {
                    switch (text.charAt(text.length() - 1)) {
                        case 's': return Duration.ofSeconds(n);
                        case 'm': return Duration.ofMinutes(n);
                        case 'h': return Duration.ofHours(n);
                        case 'd': return Duration.ofDays(n);
                        default: break;
                    }
                }
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("range must look like 30s, 15m, 6h or 7d [value=" + text + "]");
    }
}
