package io.stratmon.app.config;

import io.stratmon.alerts.AlertsConfig;
import io.stratmon.shipper.ShipperConfig;

import io.stratmon.dashboard.access.AccessConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a {@code stratmon.toml} says: where QuestDB is, what to ship and how, the dashboard. Built by
 * {@link ConfigLoader}, which has already validated it (it throws with every problem otherwise). The keys, their
 * types and defaults are the table {@link ConfigKeys#KEYS}.
 *
 * @param source   the file it was read from (for messages)
 * @param questdb  embedded (a data dir and ports) or external (a URL)
 * @param shipper  inputs, sink, state dir, tail and batch settings, ready for {@code Shipper.start}
 * @param warnings things that are valid but worth saying at start-up, each {@code file:line: key: message}
 * @param alerts   the [alerts] section (rule globs, intervals, Alertmanagers and webhooks); off when it has no rules
 */
public record StratmonConfig(String source, QuestDb questdb, ShipperConfig shipper, Dashboard dashboard,
                             List<String> warnings, AlertsConfig alerts) {

    public StratmonConfig(String source, QuestDb questdb, ShipperConfig shipper, Dashboard dashboard, List<String> warnings) {
        this(source, questdb, shipper, dashboard, warnings, AlertsConfig.defaults());
    }

    /** Every key at its default, no inputs. */
    public static StratmonConfig defaults() {
        QuestDb questdb = new QuestDb(null, Path.of("stratmon-data/questdb"), 7301, 7302, 7303, null, null);
        ShipperConfig shipper = ShipperConfig.of(List.of(), "http://127.0.0.1:7301", Path.of("stratmon-data/state")).withInputs(List.of())
                .withRetention(io.stratmon.shipper.sink.Retention.defaults()); // embedded: stratmon's own tables get a TTL
        return new StratmonConfig("", questdb, shipper, new Dashboard(true, "127.0.0.1", 7300, null), List.of());
    }

    public StratmonConfig withQuestdb(QuestDb value) {
        return new StratmonConfig(source, value, shipper, dashboard, warnings, alerts);
    }

    public StratmonConfig withShipper(ShipperConfig value) {
        return new StratmonConfig(source, questdb, value, dashboard, warnings, alerts);
    }

    public StratmonConfig withDashboard(Dashboard value) {
        return new StratmonConfig(source, questdb, shipper, value, warnings, alerts);
    }

    public StratmonConfig withAlerts(AlertsConfig value) {
        return new StratmonConfig(source, questdb, shipper, dashboard, warnings, value);
    }

    /** The same settings from another source with other warnings (the settings are what a round trip compares). */
    public StratmonConfig withOrigin(String sourceValue, List<String> warningsValue) {
        return new StratmonConfig(sourceValue, questdb, shipper, dashboard, List.copyOf(warningsValue), alerts);
    }

    /**
     * @param url null for an embedded QuestDB; else {@code http://}, {@code https://} or {@code tcp://}
     */
    public record QuestDb(String url, Path dataDir, int httpPort, int pgPort, int ilpTcpPort, String username, String password) {
        public boolean embedded() {
            return url == null;
        }

        public QuestDb withUrl(String value) {
            return new QuestDb(value, dataDir, httpPort, pgPort, ilpTcpPort, username, password);
        }

        public QuestDb withDataDir(Path value) {
            return new QuestDb(url, value, httpPort, pgPort, ilpTcpPort, username, password);
        }

        public QuestDb withHttpPort(int value) {
            return new QuestDb(url, dataDir, value, pgPort, ilpTcpPort, username, password);
        }

        public QuestDb withPgPort(int value) {
            return new QuestDb(url, dataDir, httpPort, value, ilpTcpPort, username, password);
        }

        public QuestDb withIlpTcpPort(int value) {
            return new QuestDb(url, dataDir, httpPort, pgPort, value, username, password);
        }

        public QuestDb withUsername(String value) {
            return new QuestDb(url, dataDir, httpPort, pgPort, ilpTcpPort, value, password);
        }

        public QuestDb withPassword(String value) {
            return new QuestDb(url, dataDir, httpPort, pgPort, ilpTcpPort, username, value);
        }
    }

    /** @param dashboardsDir a directory of the user's own dashboard files (TOML or JSON), or null */
    /** @param access {@code allow_remote}, {@code token}, {@code allowed_hosts}: who may reach the dashboard */
    public record Dashboard(boolean enabled, String host, int port, Path dashboardsDir, AccessConfig access) {
        public Dashboard {
            if (access == null) access = AccessConfig.loopbackOnly();
        }

        public Dashboard(boolean enabled, String host, int port) {
            this(enabled, host, port, null, AccessConfig.loopbackOnly());
        }

        public Dashboard(boolean enabled, String host, int port, Path dashboardsDir) {
            this(enabled, host, port, dashboardsDir, AccessConfig.loopbackOnly());
        }

        public Dashboard withEnabled(boolean value) {
            return new Dashboard(value, host, port, dashboardsDir, access);
        }

        public Dashboard withHost(String value) {
            return new Dashboard(enabled, value, port, dashboardsDir, access);
        }

        public Dashboard withPort(int value) {
            return new Dashboard(enabled, host, value, dashboardsDir, access);
        }

        public Dashboard withDashboardsDir(Path value) {
            return new Dashboard(enabled, host, port, value, access);
        }

        public Dashboard withAccess(AccessConfig value) {
            return new Dashboard(enabled, host, port, dashboardsDir, value);
        }
    }
}
