package io.stratmon.app.config;

import io.stratmon.shipper.sink.Retention;
import io.stratmon.shipper.sink.RetentionKeeper;
import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code check-config} prints about retention: per table, the TTL stratmon will apply (and the key that decided
 * it) beside the TTL QuestDB has now, differences marked; or, when QuestDB cannot be asked, the rules with an example
 * name for each showing which key wins. Tables come from the data (table = event), so only QuestDB knows them;
 * stratmon's own tables ({@link Retention#OWN}) and the built-in dashboard's rollup views are always listed.
 * Every line starts with {@code #}: the output of {@code check-config} stays a TOML file.
 *
 * <pre>{@code
 * System.out.print(RetentionReport.text(config.shipper().retention(), RetentionReport.ask(config)));
 * }</pre>
 */
public final class RetentionReport {
    /** The materialized views of the built-in dashboards ({@code [panels.rollup] view}); RetentionReportTest checks. */
    public static final List<String> BUILTIN_ROLLUPS = List.of("price_1m");
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private RetentionReport() {}

    /** One table or view as QuestDB lists it: {@code ttl} is {@link RetentionKeeper#listed} form, e.g. {@code 216h}. */
    public record Table(String name, boolean view, String partitionBy, long ttlValue, String ttlUnit) {}

    /** What QuestDB said: its tables, or why it could not be asked (one line). */
    public sealed interface Lookup {
        record Found(String url, List<Table> tables) implements Lookup {}

        record NotAsked(String why) implements Lookup {}
    }

    /** Asks the configured QuestDB (with the config's login, or the embedded one's credentials file) for its tables. */
    public static Lookup ask(StratmonConfig c) {
        StratmonConfig.QuestDb q = c.questdb();
        String url;
        String user = q.username(), password = q.password();
        if (q.embedded()) {
            if (q.httpPort() == 0) return new Lookup.NotAsked("the embedded QuestDB takes a free port at start (questdb.http_port = 0), so it cannot be asked now");
            url = "http://127.0.0.1:" + q.httpPort();
            Path file = q.dataDir().resolve("credentials");
            if (Files.isRegularFile(file)) {
                try (Reader r = Files.newBufferedReader(file)) {
                    Properties p = new Properties();
                    p.load(r);
                    user = p.getProperty("user");
                    password = p.getProperty("password");
                } catch (IOException e) {
                    return new Lookup.NotAsked("cannot read the embedded QuestDB's login [path=" + file.toAbsolutePath() + ", error=" + e.getMessage()
                            + "]: run check-config as the user that runs stratmon");
                }
            }
        } else if (q.url().regionMatches(true, 0, "tcp://", 0, 6)) {
            return new Lookup.NotAsked("questdb.url is tcp://, which has no SQL: stratmon can neither ask QuestDB nor set a TTL over it");
        } else {
            url = q.url();
        }
        return ask(SqlClient.connect(url, user, password), url);
    }

    /** Asks through {@code sql} (tests hand in the testkit's client). */
    public static Lookup ask(SqlClient sql, String url) {
        try {
            Set<String> views = new HashSet<>();
            try {
                for (List<Object> row : sql.query("SELECT view_name FROM materialized_views()", TIMEOUT).rows()) {
                    views.add(String.valueOf(row.get(0)).toLowerCase(Locale.ROOT));
                }
            } catch (SqlException e) {
                if (e.isUnreachable() || e.httpStatus() == 401) throw e;
                // a QuestDB without materialized views: tables only
            }
            QueryResult r = sql.query("SELECT * FROM tables()", TIMEOUT);
            int name = r.columnIndex("table_name"), partition = column(r, "partitionBy", "partition_by");
            int value = column(r, "ttlValue", "ttl_value"), unit = column(r, "ttlUnit", "ttl_unit");
            List<Table> tables = new ArrayList<>();
            for (List<Object> row : r.rows()) {
                String table = String.valueOf(row.get(name));
                Object v = value < 0 ? null : row.get(value);
                tables.add(new Table(table, views.contains(table.toLowerCase(Locale.ROOT)),
                        partition < 0 ? "DAY" : String.valueOf(row.get(partition)).toUpperCase(Locale.ROOT),
                        v instanceof Number n ? n.longValue() : 0, unit < 0 ? "HOUR" : String.valueOf(row.get(unit))));
            }
            tables.sort(java.util.Comparator.comparing(t -> t.name().toLowerCase(Locale.ROOT)));
            return new Lookup.Found(url, tables);
        } catch (SqlException e) {
            String why = e.httpStatus() == 401 ? "asks for a login (HTTP 401): questdb.username/password are missing or wrong"
                    : e.isUnreachable() ? "is not reachable" : "refused the question (" + e.getMessage() + ")";
            return new Lookup.NotAsked("QuestDB at " + url + " " + why);
        }
    }

    /** The report, every line a TOML comment. */
    public static String text(Retention r, Lookup lookup) {
        StringBuilder b = new StringBuilder("\n# Retention per table\n");
        b.append("# Which key applies to a table: its exact name, else the first glob in file order that matches it, else stratmon's\n")
                .append("# own default (stratmon_shipper 7d, stratmon_alerts 90d), else default; names compare case-insensitively.\n");
        if (!r.appliesToAny()) {
            b.append("# This config sets no TTL at all (questdb.url and no [retention]: an agent leaves TTLs to the central server).\n");
        }
        if (lookup instanceof Lookup.Found f) found(b, r, f);
        else notAsked(b, r, ((Lookup.NotAsked) lookup).why());
        return b.toString();
    }

    private static void found(StringBuilder b, Retention r, Lookup.Found f) {
        b.append("# QuestDB ").append(f.url()).append(" has ").append(f.tables().size()).append(f.tables().size() == 1 ? " table" : " tables")
                .append(" and views now; stratmon applies its TTLs at start and every minute after.\n");
        Map<String, String[]> rows = new LinkedHashMap<>();
        Set<String> present = new HashSet<>();
        for (Table t : f.tables()) {
            present.add(t.name().toLowerCase(Locale.ROOT));
            Duration want = r.ttlFor(t.name());
            String has = has(t.ttlValue(), t.ttlUnit());
            String applies, note = "";
            if (want == null) {
                applies = "none";
                note = "no key names it: left as it is";
            } else if (t.partitionBy().equals("NONE")) {
                applies = "none";
                note = "not partitioned: QuestDB cannot give it a TTL";
            } else {
                String clause = RetentionKeeper.ttl(want, t.partitionBy());
                applies = shortTtl(clause);
                String listed = RetentionKeeper.listed(t.ttlValue(), t.ttlUnit());
                if (!listed.equals(RetentionKeeper.normalized(clause))) note = "DIFFERS: stratmon sets " + applies + " when it starts";
            }
            rows.put(t.name(), new String[] {t.name(), kind(t.name(), t.view()), applies, rule(r, t.name()), has, note});
        }
        List<String> own = new ArrayList<>(new TreeMap<>(Retention.OWN).keySet());
        own.addAll(BUILTIN_ROLLUPS);
        for (String name : own) {
            if (present.contains(name)) continue;
            Duration want = r.ttlFor(name);
            rows.put(name, new String[] {name, kind(name, BUILTIN_ROLLUPS.contains(name)), want == null ? "none" : days(want), rule(r, name),
                    "-", "not created yet"});
        }
        table(b, List.of("table", "kind", "stratmon applies", "key", "QuestDB has", ""), new ArrayList<>(rows.values()));
    }

    private static void notAsked(StringBuilder b, Retention r, String why) {
        b.append("# ").append(why).append(": the rules, and which key wins for a few names:\n");
        Map<String, String> examples = new LinkedHashMap<>();
        for (String key : r.rules().keySet()) examples.putIfAbsent(example(key), key);
        new TreeMap<>(Retention.OWN).keySet().forEach(n -> examples.putIfAbsent(n, null));
        BUILTIN_ROLLUPS.forEach(n -> examples.putIfAbsent(n, null));
        examples.putIfAbsent("any_other_table", null);
        List<String[]> rows = new ArrayList<>();
        examples.forEach((name, from) -> {
            Duration want = r.ttlFor(name);
            String won = rule(r, name);
            String note = from != null && !from.equals(won) ? "key " + from + " never decides this name: " + won + " comes first" : "";
            rows.add(new String[] {name, kind(name, BUILTIN_ROLLUPS.contains(name)), want == null ? "none" : days(want), won, note});
        });
        table(b, List.of("table", "kind", "stratmon applies", "key", ""), rows);
    }

    /** A name the key matches: the key itself for an exact name; for a glob, {@code *} as nothing and {@code ?} as x. */
    static String example(String key) {
        return key.replace("*", "").replace("?", "x");
    }

    private static String kind(String name, boolean view) {
        String folded = name.toLowerCase(Locale.ROOT);
        if (Retention.OWN.containsKey(folded)) return "stratmon";
        if (BUILTIN_ROLLUPS.contains(folded)) return "rollup view";
        return view ? "view" : "table";
    }

    private static String rule(Retention r, String name) {
        String k = r.ruleFor(name);
        return k == null ? "-" : k;
    }

    private static String days(Duration d) {
        return d.isZero() ? "forever" : RetentionSection.days(d);
    }

    /** {@code 7 DAYS} as {@code 7d}, {@code 2 WEEKS} as {@code 2w}, {@code 14 MONTHS} as {@code 14 months}, {@code 0 DAYS} as forever. */
    static String shortTtl(String clause) {
        String[] p = clause.split(" ");
        if (p[0].equals("0")) return "forever";
        return switch (p[1]) {
            case "DAYS" -> p[0] + "d";
            case "WEEKS" -> p[0] + "w";
            case "HOURS" -> p[0] + "h";
            default -> p[0] + " " + p[1].toLowerCase(Locale.ROOT);
        };
    }

    /** QuestDB's {@code ttlValue}/{@code ttlUnit} as a person reads it: {@code none}, {@code 9d} (QuestDB lists 7 days as 1 WEEK: {@code 7d}), {@code 36h}, {@code 14 months}. */
    static String has(long value, String unit) {
        if (value == 0) return "none";
        String u = unit.toUpperCase(Locale.ROOT).replaceAll("S$", "");
        return switch (u) {
            case "HOUR" -> value % 24 == 0 ? value / 24 + "d" : value + "h";
            case "DAY" -> value + "d";
            case "WEEK" -> value * 7 + "d";
            default -> value + " " + u.toLowerCase(Locale.ROOT) + (value == 1 ? "" : "s");
        };
    }

    private static void table(StringBuilder b, List<String> header, List<String[]> rows) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) width[i] = header.get(i).length();
        for (String[] row : rows) for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], row[i].length());
        List<String[]> all = new ArrayList<>();
        all.add(header.toArray(String[]::new));
        all.addAll(rows);
        for (String[] row : all) {
            StringBuilder line = new StringBuilder("#   ");
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) line.append(" ".repeat(width[i] - row[i].length() + 2));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static int column(QueryResult r, String... names) {
        for (String n : names) {
            int i = r.columnIndex(n);
            if (i >= 0) return i;
        }
        return -1;
    }
}
