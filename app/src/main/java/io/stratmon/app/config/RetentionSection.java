package io.stratmon.app.config;

import io.stratmon.shipper.config.ConfigTable;
import io.stratmon.shipper.sink.Retention;
import io.stratmon.sql.Durations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The table-glob keys of {@code [retention]} (every key but {@code default}, which is in {@link ConfigKeys}): a table
 * name or glob and a duration, e.g. {@code "price*" = "7d"}. See {@link Retention} and docs/config.md.
 */
final class RetentionSection {
    private RetentionSection() {}

    /** The rules of the section, in file order; durations as everywhere ({@code 7d}, {@code 2w}). */
    static Retention withRules(Retention retention, ConfigTable t) {
        Map<String, Duration> rules = new LinkedHashMap<>();
        for (String key : t.keys()) {
            if (key.equals("default")) continue;
            Duration d = t.duration(key, null);
            if (d != null) rules.put(key, d);
        }
        return retention.withRules(rules);
    }

    /** The rules and stratmon's own defaults as {@code check-config} prints them. */
    static String toml(Retention r) {
        StringBuilder b = new StringBuilder();
        r.rules().forEach((k, v) -> b.append(k.matches("[A-Za-z0-9_]+") ? k : "\"" + k.replace("\"", "\\\"") + "\"")
                .append(" = \"").append(days(v)).append("\"\n"));
        Map<String, Duration> own = new TreeMap<>(Retention.OWN);
        own.forEach((k, v) -> {
            if ("built-in".equals(r.ruleFor(k))) b.append("# ").append(k).append(" = \"").append(days(v)).append("\"  # built-in\n");
        });
        if (!r.appliesToAny()) b.append("# none: no TTL is set or changed (an agent without [retention] leaves them to the server)\n");
        else if (r.defaultTtl() == null) b.append("# other tables: kept forever (no default)\n");
        return b.toString();
    }

    /** A TTL in days ({@code 30d}, not {@code 4w2d}), as QuestDB's TTL counts it; finer ones as everywhere. */
    static String days(Duration d) {
        return d.toNanos() % Duration.ofDays(1).toNanos() == 0 && !d.isZero() ? d.toDays() + "d" : Durations.format(d);
    }

    /** The effective TTL of each named table, one per line (for check-config and tests). */
    static List<String> effective(Retention r, List<String> tables) {
        return tables.stream().map(t -> {
            Duration d = r.ttlFor(t);
            return t + ": " + (d == null || d.isZero() ? "forever" : days(d)) + " (" + (r.ruleFor(t) == null ? "no rule" : r.ruleFor(t)) + ")";
        }).toList();
    }
}
