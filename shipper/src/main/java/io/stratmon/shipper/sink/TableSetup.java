package io.stratmon.shipper.sink;

import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Creates each table before its first row, so that replays are idempotent: WAL, partitioned by day, and
 * {@code DEDUP UPSERT KEYS(timestamp, _src, _offset)}, with the TTL {@code [retention]} gives it ({@link Retention}). Tables of rows without the {@code _src}/{@code _offset} columns
 * (dedup off, the shipper's own metrics) are left to ILP to create. A table that already exists without dedup keeps
 * working, with one warning that a replay after a crash may duplicate rows.
 */
public final class TableSetup {
    private static final Logger log = LoggerFactory.getLogger(TableSetup.class);
    public static final String SRC = "_src";
    public static final String OFFSET = "_offset";

    private final SqlClient sql;
    private final Retention retention;
    private final Set<String> ready = new HashSet<>();

    public TableSetup(SqlClient sql) {
        this(sql, Retention.NONE);
    }

    /** @param retention the TTL each table is created with ({@code [retention]}) */
    public TableSetup(SqlClient sql, Retention retention) {
        this.sql = sql;
        this.retention = retention;
    }

    /**
     * Tables among these that QuestDB does not have yet (one query for all of them); the others are ready from now on.
     * Throws SinkException UNAVAILABLE when QuestDB can't be asked.
     */
    public Set<String> missing(Set<String> tables) {
        Set<String> unknown = new HashSet<>();
        for (String t : tables) if (!ready.contains(t)) unknown.add(t);
        if (unknown.isEmpty()) return unknown;
        Map<String, Object> dedupByName = new HashMap<>();
        try {
            for (List<Object> row : sql.query("SELECT table_name, dedup FROM tables()").rows()) {
                dedupByName.put(String.valueOf(row.get(0)).toLowerCase(Locale.ROOT), row.get(1));
            }
        } catch (SqlException e) {
            if (e.isUnreachable()) {
                throw new SinkException(SinkException.Kind.UNAVAILABLE, "cannot list tables: " + e.getMessage(), -1, -1, e);
            }
            return unknown; // let ensure() ask table by table
        }
        Set<String> missing = new HashSet<>();
        for (String t : unknown) {
            String key = t.toLowerCase(Locale.ROOT);
            if (!dedupByName.containsKey(key)) {
                missing.add(t);
                continue;
            }
            if (!Boolean.TRUE.equals(dedupByName.get(key))) {
                log.warn("Table exists without deduplication: a replay after a crash may duplicate rows [table={}]", t);
            }
            ready.add(t);
        }
        return missing;
    }

    /** Makes sure the table exists with dedup keys. Throws SinkException UNAVAILABLE when QuestDB can't be asked. */
    public void ensure(String table) {
        if (ready.contains(table)) return;
        try {
            QueryResult existing = sql.query("SELECT dedup FROM tables() WHERE table_name = '" + table + "'");
            if (existing.isEmpty()) {
                sql.query("CREATE TABLE IF NOT EXISTS '" + table + "' (timestamp TIMESTAMP, " + SRC + " SYMBOL, " + OFFSET
                        + " LONG) TIMESTAMP(timestamp) PARTITION BY DAY" + retention.createClause(table) + " WAL DEDUP UPSERT KEYS(timestamp, "
                        + SRC + ", " + OFFSET + ")");
                log.info("Created table with deduplication [table={}, keys=timestamp,{},{}]", table, SRC, OFFSET);
            } else if (!Boolean.TRUE.equals(existing.value(0, 0))) {
                log.warn("Table exists without deduplication: a replay after a crash may duplicate rows [table={}]", table);
            }
            ready.add(table);
        } catch (SqlException e) {
            if (e.isUnreachable()) {
                throw new SinkException(SinkException.Kind.UNAVAILABLE, "cannot prepare table [table=" + table + "]: " + e.getMessage(), -1, -1, e);
            }
            // QuestDB refused the DDL (e.g. a name it does not accept): let ILP create it, or refuse the row itself.
            log.warn("Cannot create table with deduplication, leaving it to ILP [table={}]: {}", table, e.getMessage());
            ready.add(table);
        }
    }

}
