package io.stratmon.shipper.sink;

import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps every table's and materialized view's QuestDB TTL at what {@link Retention} says: at start, then every
 * {@link #EVERY}, so tables made later (by ILP's auto-create, the alert engine, the dashboard's rollup views) get
 * theirs within a minute. A table with no rule is left alone (a TTL set by hand stays); a table that is not
 * partitioned cannot have a TTL and is skipped; a TTL QuestDB refuses (e.g. not a whole number of the table's
 * partitions) is logged once per table and value. QuestDB unreachable: tried again next time.
 */
public final class RetentionKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionKeeper.class);
    public static final Duration EVERY = Duration.ofMinutes(1);

    private final SqlClient sql;
    private final Retention retention;
    private final Set<String> warned = new HashSet<>();
    private ScheduledExecutorService timer;

    public RetentionKeeper(SqlClient sql, Retention retention) {
        this.sql = sql;
        this.retention = retention;
    }

    /** Applies now and every {@link #EVERY} on a daemon thread, until closed. */
    public static RetentionKeeper start(SqlClient sql, Retention retention) {
        RetentionKeeper k = new RetentionKeeper(sql, retention);
        k.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stratmon-retention");
            t.setDaemon(true);
            return t;
        });
        k.timer.scheduleWithFixedDelay(k::applyQuietly, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return k;
    }

    private void applyQuietly() {
        try {
            apply();
        } catch (RuntimeException e) {
            log.debug("Retention not applied this time: {}", e.getMessage());
        }
    }

    /** Sets the TTL of each table and view whose TTL differs from its effective one; returns the statements it ran. */
    public synchronized List<String> apply() {
        Set<String> views = new HashSet<>();
        try {
            for (List<Object> row : sql.query("SELECT view_name FROM materialized_views()").rows()) {
                views.add(String.valueOf(row.get(0)).toLowerCase(Locale.ROOT));
            }
        } catch (SqlException e) {
            if (e.isUnreachable()) throw e;
            // a QuestDB without materialized views: tables only
        }
        QueryResult tables = sql.query("SELECT * FROM tables()");
        int name = tables.columnIndex("table_name"), partitionBy = column(tables, "partitionBy", "partition_by");
        int ttlValue = column(tables, "ttlValue", "ttl_value"), ttlUnit = column(tables, "ttlUnit", "ttl_unit");
        List<String> ran = new ArrayList<>();
        for (List<Object> row : tables.rows()) {
            String table = String.valueOf(row.get(name));
            Duration want = retention.ttlFor(table);
            if (want == null) continue;
            String partition = partitionBy < 0 ? "DAY" : String.valueOf(row.get(partitionBy)).toUpperCase(Locale.ROOT);
            if (partition.equals("NONE")) continue;
            String ttl = ttl(want, partition);
            String listed = ttlValue < 0 ? "?" : listed(row.get(ttlValue), ttlUnit < 0 ? "HOUR" : String.valueOf(row.get(ttlUnit)));
            if (listed.equals(normalized(ttl))) continue;
            String statement = (views.contains(table.toLowerCase(Locale.ROOT)) ? "ALTER MATERIALIZED VIEW '" : "ALTER TABLE '")
                    + table.replace("'", "''") + "' SET TTL " + ttl;
            try {
                sql.query(statement);
                ran.add(statement);
                log.info("Retention set [table={}, ttl={}, rule={}]", table, ttl, retention.ruleFor(table));
            } catch (SqlException e) {
                if (e.isUnreachable()) throw e;
                if (warned.add(table + "/" + want)) {
                    log.warn("QuestDB refused the retention of a table [table={}, ttl={}d, rule=retention.{}]: {}", table,
                            want.toDays(), retention.ruleFor(table), e.getMessage());
                }
            }
        }
        return ran;
    }

    /**
     * The TTL clause for a table partitioned by {@code partition}: whole days, or for tables partitioned by week, month
     * or year (yours; stratmon's are by day) rounded up to whole partitions, so rows are never dropped earlier than
     * asked: {@code ceil(days / 7)} weeks, {@code ceil(days / 28)} months, {@code ceil(days / 365)} years.
     */
    public static String ttl(Duration want, String partition) {
        long days = want.toDays();
        if (days == 0) return "0 DAYS";
        return switch (partition) {
            case "WEEK" -> ceil(days, 7) + " WEEKS";
            case "MONTH" -> ceil(days, 28) + " MONTHS";
            case "YEAR" -> ceil(days, 365) + " YEARS";
            default -> days + " DAYS";
        };
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }

    /** A TTL as QuestDB lists it ({@code ttlValue}, {@code ttlUnit}): hours for fixed units, else {@code n MONTH}. */
    public static String listed(Object value, String unit) {
        long n = value instanceof Number num ? num.longValue() : Long.parseLong(String.valueOf(value));
        if (n == 0) return "0";
        String u = unit.toUpperCase(Locale.ROOT).replaceAll("S$", "");
        return switch (u) {
            case "HOUR" -> n + "h";
            case "DAY" -> n * 24 + "h";
            case "WEEK" -> n * 24 * 7 + "h";
            default -> n + " " + u;
        };
    }

    /** A clause of {@link #ttl} in the form of {@link #listed}. */
    public static String normalized(String ttl) {
        String[] parts = ttl.split(" ");
        return listed(Long.parseLong(parts[0]), parts[1]);
    }

    private static int column(QueryResult r, String... names) {
        for (String n : names) {
            int i = r.columnIndex(n);
            if (i >= 0) return i;
        }
        return -1;
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
