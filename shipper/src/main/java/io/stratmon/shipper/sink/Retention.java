package io.stratmon.shipper.sink;

import io.stratmon.shipper.config.ConfigProblem;
import io.stratmon.sql.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How long tables keep their rows ({@code [retention]}), as QuestDB's {@code TTL}: QuestDB drops a whole partition once
 * its end is older than the TTL before the reference time (the newest row's time, capped at the wall clock).
 *
 * <pre>{@code
 * [retention]
 * default = "30d"          # every table no other key names; none: keep forever
 * "price*" = "7d"          # a table glob (* any run of characters, ? one); the first matching one wins
 * price_1m = "365d"        # an exact name (a table or a materialized view, e.g. a rollup) wins over any glob
 * }</pre>
 * Order of precedence for a table: its exact name, then the first glob (file order) that matches it, then stratmon's own
 * defaults ({@link #OWN}: {@code stratmon_shipper} 7 days, {@code stratmon_alerts} 90 days), then {@code default}.
 * Names compare as QuestDB compares them, case-insensitively. {@code "0"} (or {@code "0d"}) means keep forever.
 * A TTL is a whole number of days: the tables stratmon and ILP create are partitioned by day, and QuestDB refuses a
 * TTL that is not a whole number of partitions.
 *
 * @param defaultTtl the TTL of tables no rule names; null: keep them forever
 * @param rules      names and globs with their TTL, in file order
 * @param ownDefaults whether stratmon's own tables get {@link #OWN} (the process that owns the QuestDB, or a config
 *                    with a {@code [retention]} section); {@link #NONE} leaves every TTL alone, so an agent without a
 *                    {@code [retention]} section never undoes what the central server set
 */
public record Retention(Duration defaultTtl, Map<String, Duration> rules, boolean ownDefaults) {
    /** stratmon's own tables: their default unless a key names them. */
    public static final Map<String, Duration> OWN = Map.of("stratmon_shipper", Duration.ofDays(7), "stratmon_alerts", Duration.ofDays(90));

    public Retention {
        rules = rules == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    }

    /** Nothing to apply: no TTL is set or changed (an agent without {@code [retention]}, tests). */
    public static final Retention NONE = new Retention(null, Map.of(), false);

    /** Rules and default as given; stratmon's own tables get {@link #OWN} unless a rule names them. */
    public Retention(Duration defaultTtl, Map<String, Duration> rules) {
        this(defaultTtl, rules, true);
    }

    /** Only stratmon's own tables get a TTL ({@link #OWN}): an empty {@code [retention]}, or an embedded QuestDB. */
    public static Retention defaults() {
        return new Retention(null, Map.of(), true);
    }

    public Retention withDefault(Duration value) {
        return new Retention(value, rules, ownDefaults || value != null);
    }

    public Retention withRules(Map<String, Duration> value) {
        return new Retention(defaultTtl, value, ownDefaults || !value.isEmpty());
    }

    /** Whether there is anything to apply at all (else no keeper runs). */
    public boolean appliesToAny() {
        return ownDefaults || defaultTtl != null || !rules.isEmpty();
    }

    /** The TTL of a table or view, or null when nothing sets one (QuestDB keeps it forever). Zero: keep forever. */
    public Duration ttlFor(String table) {
        String folded = table.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Duration> r : rules.entrySet()) {
            if (!isGlob(r.getKey()) && r.getKey().toLowerCase(Locale.ROOT).equals(folded)) return r.getValue();
        }
        for (Map.Entry<String, Duration> r : rules.entrySet()) {
            if (isGlob(r.getKey()) && glob(r.getKey()).matcher(folded).matches()) return r.getValue();
        }
        Duration own = ownDefaults ? OWN.get(folded) : null;
        return own != null ? own : defaultTtl;
    }

    /** Which key decided {@link #ttlFor}: {@code price*}, {@code default}, {@code built-in}, or null. */
    public String ruleFor(String table) {
        String folded = table.toLowerCase(Locale.ROOT);
        for (String k : rules.keySet()) if (!isGlob(k) && k.toLowerCase(Locale.ROOT).equals(folded)) return k;
        for (String k : rules.keySet()) if (isGlob(k) && glob(k).matcher(folded).matches()) return k;
        if (ownDefaults && OWN.containsKey(folded)) return "built-in";
        return defaultTtl != null ? "default" : null;
    }

    /** The {@code TTL n DAYS} of a CREATE TABLE for this table, with a leading space; "" when it keeps its rows forever. */
    public String createClause(String table) {
        Duration ttl = ttlFor(table);
        return ttl == null || ttl.isZero() ? "" : " TTL " + ttl.toDays() + " DAYS";
    }

    /** Every problem, each naming its key under {@code retention}: a TTL that is not a whole number of days. */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> problems = new ArrayList<>();
        if (defaultTtl != null) check("default", defaultTtl, problems);
        rules.forEach((k, v) -> check(k, v, problems));
        return problems;
    }

    private static void check(String key, Duration ttl, List<ConfigProblem> problems) {
        if (ttl == null) return;
        if (ttl.isNegative() || ttl.toNanos() % Duration.ofDays(1).toNanos() != 0) {
            problems.add(ConfigProblem.of(key, "must be a whole number of days [value=" + Durations.format(ttl) + "]: QuestDB drops"
                    + " whole partitions, and the tables stratmon and ILP create are partitioned by day; \"0\" keeps rows forever"));
        }
    }

    private static boolean isGlob(String key) {
        return key.indexOf('*') >= 0 || key.indexOf('?') >= 0;
    }

    private static Pattern glob(String key) {
        StringBuilder re = new StringBuilder();
        for (char c : key.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }
}
