package io.stratmon.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the dashboard listens and how much it sends.
 *
 * @param host      interface to bind; 127.0.0.1 unless you mean to expose it
 * @param port      0 picks a free port
 * @param maxPoints most points a chart series receives, whatever the time range
 */
public record DashboardConfig(String host, int port, int maxPoints) {
    public static DashboardConfig defaults() {
        return new DashboardConfig("127.0.0.1", 7300, 2000);
    }

    public DashboardConfig withPort(int value) {
        return new DashboardConfig(host, value, maxPoints);
    }

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (host == null || host.isBlank()) problems.add("dashboard.host: must not be empty");
        if (port < 0 || port > 65535) problems.add("dashboard.port: must be 0..65535 [value=" + port + "]");
        if (maxPoints < 10) problems.add("dashboard.max_points: must be at least 10 [value=" + maxPoints + "]");
        return problems;
    }
}
