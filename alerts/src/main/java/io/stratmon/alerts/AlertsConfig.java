package io.stratmon.alerts;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code [alerts]} section: which rule files, how often, where alerts go.
 *
 * @param rules              globs of rule files (relative to the config file's directory)
 * @param evaluationInterval default group interval
 * @param resendDelay        how often an alert still firing is sent again (Prometheus's {@code --rules.alert.resend-delay})
 * @param alertmanagers      Alertmanager base URLs; several are an HA set and each gets every alert
 * @param webhooks           URLs that get Alertmanager's webhook payload (version 4)
 * @param queryTimeout       per-query timeout; a query that takes longer puts its rule in error
 * @param maxRows            a rule returning more rows is in error (not a flood of alerts)
 * @param failingAfter       the meta-rule {@code AlertRuleFailing} fires once a rule failed this many evaluations in a row
 * @param externalUrl        stratmon's own URL (the dashboard), for {@code generatorURL} and {@code externalURL}
 */
public record AlertsConfig(List<String> rules, Duration evaluationInterval, Duration resendDelay, List<String> alertmanagers,
                           List<String> webhooks, Duration queryTimeout, int maxRows, int failingAfter, String externalUrl) {
    public AlertsConfig {
        rules = List.copyOf(rules);
        alertmanagers = List.copyOf(alertmanagers);
        webhooks = List.copyOf(webhooks);
    }

    public static AlertsConfig defaults() {
        return new AlertsConfig(List.of(), Duration.ofSeconds(10), Duration.ofMinutes(1), List.of(), List.of(),
                Duration.ofSeconds(10), 1000, 3, "http://127.0.0.1:7300");
    }

    public boolean enabled() {
        return !rules.isEmpty();
    }

    public AlertsConfig withRules(List<String> r) {
        return new AlertsConfig(r, evaluationInterval, resendDelay, alertmanagers, webhooks, queryTimeout, maxRows, failingAfter, externalUrl);
    }

    public AlertsConfig withEvaluationInterval(Duration d) {
        return new AlertsConfig(rules, d, resendDelay, alertmanagers, webhooks, queryTimeout, maxRows, failingAfter, externalUrl);
    }

    public AlertsConfig withResendDelay(Duration d) {
        return new AlertsConfig(rules, evaluationInterval, d, alertmanagers, webhooks, queryTimeout, maxRows, failingAfter, externalUrl);
    }

    public AlertsConfig withAlertmanagers(List<String> urls) {
        return new AlertsConfig(rules, evaluationInterval, resendDelay, urls, webhooks, queryTimeout, maxRows, failingAfter, externalUrl);
    }

    public AlertsConfig withWebhooks(List<String> urls) {
        return new AlertsConfig(rules, evaluationInterval, resendDelay, alertmanagers, urls, queryTimeout, maxRows, failingAfter, externalUrl);
    }

    public AlertsConfig withQueryTimeout(Duration d) {
        return new AlertsConfig(rules, evaluationInterval, resendDelay, alertmanagers, webhooks, d, maxRows, failingAfter, externalUrl);
    }

    public AlertsConfig withMaxRows(int n) {
        return new AlertsConfig(rules, evaluationInterval, resendDelay, alertmanagers, webhooks, queryTimeout, n, failingAfter, externalUrl);
    }

    public AlertsConfig withFailingAfter(int n) {
        return new AlertsConfig(rules, evaluationInterval, resendDelay, alertmanagers, webhooks, queryTimeout, maxRows, n, externalUrl);
    }

    public AlertsConfig withExternalUrl(String url) {
        return new AlertsConfig(rules, evaluationInterval, resendDelay, alertmanagers, webhooks, queryTimeout, maxRows, failingAfter, url);
    }

    /** Problems as {@code key: message}, keys relative to {@code [alerts]}; no I/O. */
    /** One problem of the section: the key under {@code [alerts]} ({@code alertmanager[0].url}) and what is wrong. */
    public record Problem(String key, String message) {}

    /** Every problem, each naming its key relative to {@code [alerts]}. Empty when valid. */
    public List<Problem> problems() {
        List<Problem> p = new ArrayList<>();
        if (evaluationInterval.compareTo(Duration.ZERO) <= 0) p.add(new Problem("evaluation_interval", "must be more than 0"));
        if (resendDelay.compareTo(Duration.ZERO) <= 0) p.add(new Problem("resend_delay", "must be more than 0"));
        if (queryTimeout.compareTo(Duration.ZERO) <= 0) p.add(new Problem("query_timeout", "must be more than 0"));
        if (maxRows < 1) p.add(new Problem("max_rows", "must be at least 1 [value=" + maxRows + "]"));
        if (failingAfter < 1) p.add(new Problem("failing_after", "must be at least 1 [value=" + failingAfter + "]"));
        for (int i = 0; i < alertmanagers.size(); i++) url(p, "alertmanager[" + i + "].url", alertmanagers.get(i));
        for (int i = 0; i < webhooks.size(); i++) url(p, "webhook[" + i + "].url", webhooks.get(i));
        if ((!alertmanagers.isEmpty() || !webhooks.isEmpty()) && rules.isEmpty()) p.add(new Problem("rules", "alert targets are set but no rule files"));
        return p;
    }

    private static void url(List<Problem> p, String key, String url) {
        try {
            URI u = URI.create(url);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) p.add(new Problem(key, "must be an http:// or https:// URL [value=" + url + "]"));
            else if (u.getHost() == null) p.add(new Problem(key, "has no host [value=" + url + "]"));
        } catch (IllegalArgumentException e) {
            p.add(new Problem(key, "not a URL [value=" + url + "]"));
        }
    }
}
