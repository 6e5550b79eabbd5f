package io.stratmon.app.config;

import io.stratmon.alerts.AlertsConfig;
import io.stratmon.shipper.config.ConfigProblem;
import io.stratmon.shipper.config.ConfigTable;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of {@code [alerts]} that are not scalar keys of {@link ConfigKeys#KEYS}: the arrays of tables
 * {@code [[alerts.alertmanager]] url} and {@code [[alerts.webhook]] url}, and the section's rules across keys.
 * Pure: whether the rule globs match files is checked when the engine starts (and by check-config).
 */
public final class AlertsSection {
    static final List<String> TARGETS = List.of("alertmanager", "webhook");

    private AlertsSection() {}

    /** {@code alerts} with the targets of the {@code [alerts]} table {@code a} (the one the keys were read from) added. */
    static AlertsConfig withTargets(AlertsConfig alerts, ConfigTable a) {
        return alerts.withAlertmanagers(urls(a, "alertmanager")).withWebhooks(urls(a, "webhook"));
    }

    /** The section's problems with their full key paths ({@code alerts.alertmanager[0].url}). */
    static List<ConfigProblem> problems(AlertsConfig alerts) {
        return alerts.problems().stream().map(p -> ConfigProblem.of("alerts." + p.key(), p.message())).toList();
    }

    /** The targets as TOML, after the {@code [alerts]} table ({@code check-config}). */
    static String toml(AlertsConfig alerts) {
        StringBuilder b = new StringBuilder();
        for (String url : alerts.alertmanagers()) b.append("\n[[alerts.alertmanager]]\nurl = ").append(quote(url)).append('\n');
        for (String url : alerts.webhooks()) b.append("\n[[alerts.webhook]]\nurl = ").append(quote(url)).append('\n');
        return b.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static List<String> urls(ConfigTable a, String key) {
        List<String> out = new ArrayList<>();
        for (ConfigTable t : a.tables(key)) {
            String url = t.requiredString("url");
            if (url != null) out.add(url);
        }
        return out;
    }
}
