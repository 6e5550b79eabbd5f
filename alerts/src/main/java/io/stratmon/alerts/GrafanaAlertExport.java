package io.stratmon.alerts;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The same rules as Grafana alert rules, for {@code grafana export}: {@code provisioning/alerting/stratmon-rules.yaml}
 * (one Grafana rule per stratmon rule: the SQL with {@code now()} as Grafana's {@code $__timeTo()}, a threshold
 * expression on the value, {@code noDataState} from {@code no_data}) and {@code contact-points.yaml} (an Alertmanager
 * contact point and the policy sending everything to it).
 *
 * <p>Every row of a stratmon rule is an alert, so the threshold passes every value a row returns; the condition lives
 * in the SQL. Grafana's scheduler runs every 10 s, so a group interval is rounded up to a multiple of 10 s.
 */
public final class GrafanaAlertExport {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));
    private static final Pattern NOW = Pattern.compile("(?i)\\b(now|systimestamp)\\s*\\(\\s*\\)");
    /** Rows are alerts: any value passes. */
    static final double PASS_ANY_VALUE = -1e300;

    private GrafanaAlertExport() {}

    /** Writes the two files into {@code alertingDir} and returns their paths. */
    public static List<Path> write(Path alertingDir, List<RuleGroup> groups, Duration defaultInterval, String datasourceUid,
                                   String alertmanagerUrl) throws IOException {
        Files.createDirectories(alertingDir);
        Path rules = alertingDir.resolve("stratmon-rules.yaml");
        Path contacts = alertingDir.resolve("contact-points.yaml");
        Files.writeString(rules, "# Written by `stratmon grafana export`: stratmon's alert rules as Grafana alert rules.\n"
                + YAML.writeValueAsString(rulesFile(groups, defaultInterval, datasourceUid)));
        Files.writeString(contacts, "# Written by `stratmon grafana export`: every Grafana alert goes to Alertmanager.\n"
                + YAML.writeValueAsString(contactsFile(alertmanagerUrl)));
        return List.of(rules, contacts);
    }

    /** A rule's SQL as Grafana runs it: {@code now()} becomes {@code $__timeTo()}. */
    public static String grafanaSql(AlertRule rule) {
        return NOW.matcher(rule.expr()).replaceAll("\\$__timeTo()");
    }

    static Map<String, Object> rulesFile(List<RuleGroup> groups, Duration defaultInterval, String datasourceUid) {
        List<Object> out = new ArrayList<>();
        for (RuleGroup g : groups) {
            long seconds = Math.max(10, (g.intervalOr(defaultInterval).toSeconds() + 9) / 10 * 10);
            List<Object> rules = new ArrayList<>();
            for (AlertRule r : g.rules()) rules.add(rule(g, r, datasourceUid));
            out.add(map("orgId", 1, "name", g.name(), "folder", "stratmon", "interval", seconds + "s", "rules", rules));
        }
        return map("apiVersion", 1, "groups", out);
    }

    private static Map<String, Object> rule(RuleGroup g, AlertRule r, String datasourceUid) {
        Map<String, Object> query = map("refId", "A", "relativeTimeRange", map("from", 600, "to", 0), "datasourceUid", datasourceUid,
                "model", map("refId", "A", "rawSql", grafanaSql(r), "format", "table", "editorMode", "code", "rawQuery", true));
        Map<String, Object> threshold = map("refId", "B", "datasourceUid", "__expr__",
                "model", map("refId", "B", "type", "threshold", "expression", "A",
                        "conditions", List.of(map("evaluator", map("type", "gt", "params", List.of(PASS_ANY_VALUE))))));
        Map<String, String> labels = new LinkedHashMap<>();
        r.labels().forEach((k, t) -> labels.put(k, grafanaTemplate(t.source())));
        Map<String, String> annotations = new LinkedHashMap<>();
        r.annotations().forEach((k, t) -> annotations.put(k, grafanaTemplate(t.source())));
        String uid = ("stratmon-" + g.name() + "-" + r.name()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (uid.length() > 40) uid = uid.substring(0, 31) + "-" + Integer.toHexString(uid.hashCode());
        return map("uid", uid, "title", r.name(), "condition", "B", "data", List.of(query, threshold),
                "noDataState", switch (r.noData()) {
                    case OK -> "OK";
                    case FIRING -> "Alerting";
                    case ERROR -> "NoData";
                }, "execErrState", "Error", "for", io.stratmon.sql.Durations.format(r.holdFor()),
                "keep_firing_for", io.stratmon.sql.Durations.format(r.keepFiringFor()),
                "labels", labels, "annotations", annotations, "isPaused", false);
    }

    /** Grafana has $labels and the same humanize functions; the value of query A is {@code $values.A.Value}. */
    static String grafanaTemplate(String stratmon) {
        return stratmon.replace("$value", "$values.A.Value");
    }

    static Map<String, Object> contactsFile(String alertmanagerUrl) {
        return map("apiVersion", 1,
                "contactPoints", List.of(map("orgId", 1, "name", "alertmanager", "receivers", List.of(
                        map("uid", "stratmon-alertmanager", "type", "prometheus-alertmanager", "settings", map("url", alertmanagerUrl),
                                "disableResolveMessage", false)))),
                "policies", List.of(map("orgId", 1, "receiver", "alertmanager", "group_by", List.of("alertname"))));
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
