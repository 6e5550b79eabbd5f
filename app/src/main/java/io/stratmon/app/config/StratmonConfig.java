package io.stratmon.app.config;

import io.stratmon.alerts.AlertsConfig;
import io.stratmon.shipper.ShipperConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a {@code stratmon.toml} says: where QuestDB is, what to ship and how, the dashboard. Built by
 * {@link ConfigLoader}, which has already validated it (it throws with every problem otherwise).
 *
 * @param questdb  embedded (a data dir and ports) or external (a URL)
 * @param shipper  inputs, sink, state dir, tail and batch settings, ready for {@code Shipper.start}
 * @param warnings things that are valid but worth saying at start-up
 * @param alerts   the [alerts] section (rule globs, intervals, Alertmanagers and webhooks); off when it has no rules
 */
public record StratmonConfig(String source, QuestDb questdb, ShipperConfig shipper, Dashboard dashboard,
                             List<String> warnings, AlertsConfig alerts) {

    public StratmonConfig(String source, QuestDb questdb, ShipperConfig shipper, Dashboard dashboard, List<String> warnings) {
        this(source, questdb, shipper, dashboard, warnings, AlertsConfig.defaults());
    }

    /**
     * @param url null for an embedded QuestDB; else {@code http://}, {@code https://} or {@code tcp://}
     */
    public record QuestDb(String url, Path dataDir, int httpPort, int pgPort, int ilpTcpPort, String username, String password) {
        public boolean embedded() {
            return url == null;
        }
    }

    /** @param dashboardsDir a directory of the user's own dashboard files (TOML or JSON), or null */
    public record Dashboard(boolean enabled, String host, int port, Path dashboardsDir) {
        public Dashboard(boolean enabled, String host, int port) {
            this(enabled, host, port, null);
        }
    }
}
