package io.stratmon.dashboard;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the dashboard listens, where user dashboards live, and how much work a page may cause.
 *
 * @param host          interface to bind; 127.0.0.1 unless you mean to expose it
 * @param port          0 picks a free port
 * @param maxPoints     most points a chart series receives, whatever the width and range
 * @param dashboardsDir directory of the user's dashboard files ({@code *.toml}, {@code *.json}); null for built-ins only
 * @param panelTimeout  longest a panel's query may take before the panel shows an error
 * @param queryThreads  panels queried at once for live pages
 * @param liveInterval  how often live mode pushes fresh panel data
 * @param adhocSql      offer the read-only ad-hoc SQL box ({@code POST /api/sql})
 * @param adhocMaxRows  most rows an ad-hoc query returns
 * @param adhocTimeout  longest an ad-hoc query may take
 */
public record DashboardConfig(String host, int port, int maxPoints, Path dashboardsDir, Duration panelTimeout,
                              int queryThreads, Duration liveInterval, boolean adhocSql, int adhocMaxRows,
                              Duration adhocTimeout) {

    /** The original three settings; the others take their defaults. */
    public DashboardConfig(String host, int port, int maxPoints) {
        this(host, port, maxPoints, null, Duration.ofSeconds(10), 4, Duration.ofSeconds(1), true, 1000, Duration.ofSeconds(10));
    }

    public static DashboardConfig defaults() {
        return new DashboardConfig("127.0.0.1", 7300, 4000);
    }

    public DashboardConfig withPort(int value) {
        return new DashboardConfig(host, value, maxPoints, dashboardsDir, panelTimeout, queryThreads, liveInterval, adhocSql, adhocMaxRows, adhocTimeout);
    }

    public DashboardConfig withHost(String value) {
        return new DashboardConfig(value, port, maxPoints, dashboardsDir, panelTimeout, queryThreads, liveInterval, adhocSql, adhocMaxRows, adhocTimeout);
    }

    public DashboardConfig withDashboardsDir(Path value) {
        return new DashboardConfig(host, port, maxPoints, value, panelTimeout, queryThreads, liveInterval, adhocSql, adhocMaxRows, adhocTimeout);
    }

    public DashboardConfig withPanelTimeout(Duration value) {
        return new DashboardConfig(host, port, maxPoints, dashboardsDir, value, queryThreads, liveInterval, adhocSql, adhocMaxRows, adhocTimeout);
    }

    public DashboardConfig withQueryThreads(int value) {
        return new DashboardConfig(host, port, maxPoints, dashboardsDir, panelTimeout, value, liveInterval, adhocSql, adhocMaxRows, adhocTimeout);
    }

    public DashboardConfig withLiveInterval(Duration value) {
        return new DashboardConfig(host, port, maxPoints, dashboardsDir, panelTimeout, queryThreads, value, adhocSql, adhocMaxRows, adhocTimeout);
    }

    public DashboardConfig withAdhocSql(boolean enabled, int maxRows, Duration timeout) {
        return new DashboardConfig(host, port, maxPoints, dashboardsDir, panelTimeout, queryThreads, liveInterval, enabled, maxRows, timeout);
    }

    /** Everything wrong with these settings, one message each; empty when usable. No I/O. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (host == null || host.isBlank()) problems.add("dashboard.host: must not be empty");
        if (port < 0 || port > 65535) problems.add("dashboard.port: must be 0..65535 [value=" + port + "]");
        if (maxPoints < 10) problems.add("dashboard.max_points: must be at least 10 [value=" + maxPoints + "]");
        if (!positive(panelTimeout)) problems.add("dashboard.panel_timeout: must be positive [value=" + panelTimeout + "]");
        if (queryThreads < 1 || queryThreads > 64) problems.add("dashboard.query_threads: must be 1..64 [value=" + queryThreads + "]");
        if (!positive(liveInterval) || liveInterval.toMillis() < 100) problems.add("dashboard.live_interval: must be at least 100ms [value=" + liveInterval + "]");
        if (adhocMaxRows < 1 || adhocMaxRows > 100_000) problems.add("dashboard.adhoc_max_rows: must be 1..100000 [value=" + adhocMaxRows + "]");
        if (!positive(adhocTimeout)) problems.add("dashboard.adhoc_timeout: must be positive [value=" + adhocTimeout + "]");
        return problems;
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
