package io.stratmon.app.config;

import io.stratmon.alerts.AlertsConfig;
import io.stratmon.shipper.config.ConfigTable;
import io.stratmon.sql.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code [alerts]}: {@code rules}, {@code evaluation_interval}, {@code resend_delay}, {@code query_timeout},
 * {@code max_rows}, {@code failing_after}, {@code [[alerts.alertmanager]] url} and {@code [[alerts.webhook]] url}.
 * Pure: whether the rule globs match files is checked when the engine starts (and by check-config).
 */
public final class AlertsSection {
    private AlertsSection() {}

    /** The section of {@code root}, or the defaults (alerting off) when there is none. */
    public static AlertsConfig read(ConfigTable root) {
        AlertsConfig d = AlertsConfig.defaults();
        ConfigTable a = root.table("alerts");
        if (a == null) return d;
        AlertsConfig c = d.withRules(a.strings("rules", List.of()))
                .withEvaluationInterval(duration(a, "evaluation_interval", d.evaluationInterval()))
                .withResendDelay(duration(a, "resend_delay", d.resendDelay()))
                .withQueryTimeout(duration(a, "query_timeout", d.queryTimeout()))
                .withMaxRows((int) Math.min(Integer.MAX_VALUE, a.integer("max_rows", d.maxRows())))
                .withFailingAfter((int) Math.min(Integer.MAX_VALUE, a.integer("failing_after", d.failingAfter())))
                .withAlertmanagers(urls(a, "alertmanager"))
                .withWebhooks(urls(a, "webhook"));
        for (String p : c.problems()) {
            int colon = p.indexOf(": ");
            a.problem(p.substring(0, colon), p.substring(colon + 2));
        }
        return c;
    }

    private static List<String> urls(ConfigTable a, String key) {
        List<String> out = new ArrayList<>();
        for (ConfigTable t : a.tables(key)) {
            String url = t.requiredString("url");
            if (url != null) out.add(url);
        }
        return out;
    }

    private static Duration duration(ConfigTable t, String key, Duration defaultValue) {
        String text = t.string(key, null);
        if (text == null) return defaultValue;
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            t.problem(key, e.getMessage());
            return defaultValue;
        }
    }
}
