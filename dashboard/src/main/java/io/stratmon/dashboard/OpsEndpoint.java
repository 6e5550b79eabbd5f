package io.stratmon.dashboard;

/**
 * An operations endpoint the application adds to the dashboard's server ({@code /metrics}, {@code /health},
 * {@code /ready}): the dashboard serves the answer as it is, and knows nothing of what is measured or checked.
 * <pre>{@code
 * DashboardServer.create(sql, config, alerts, Map.of("/health", () -> new OpsEndpoint.Answer(200, "application/json", "{}")));
 * }</pre>
 */
@FunctionalInterface
public interface OpsEndpoint {
    record Answer(int status, String contentType, String body) {}

    Answer answer();
}
