package io.stratmon.shipper.sink;

import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What QuestDB says about its WAL tables ({@code wal_tables()}): per table whether it is suspended, the transaction
 * the sequencer has handed out ({@code sequencerTxn}, which a request acknowledged over ILP/HTTP has reached) and the
 * one applied, visible to queries ({@code writerTxn}). A suspended table accepts rows (they wait in its WAL) but
 * applies none until {@code ALTER TABLE 't' RESUME WAL}.
 * <pre>{@code
 * Map<String, WalHealth.TableState> now = WalHealth.questDb(sql).read();   // by lower-case table name
 * }</pre>
 */
@FunctionalInterface
public interface WalHealth {

    /** One WAL table. {@code applied()}: every transaction handed out is visible. */
    record TableState(String table, boolean suspended, long writerTxn, long sequencerTxn) {
        public boolean applied() {
            return writerTxn >= sequencerTxn;
        }

        /** The statement that makes a suspended table apply again. */
        public String resumeSql() {
            return "ALTER TABLE '" + table.replace("'", "''") + "' RESUME WAL";
        }
    }

    /** Every WAL table, by lower-case name. Throws when QuestDB cannot be asked. */
    Map<String, TableState> read();

    /** Asks QuestDB through its HTTP SQL endpoint (one small query, a few milliseconds). */
    static WalHealth questDb(SqlClient sql) {
        return () -> {
            QueryResult r = sql.query("SELECT name, suspended, writerTxn, sequencerTxn FROM wal_tables()", Duration.ofSeconds(5));
            Map<String, TableState> states = new HashMap<>();
            for (List<Object> row : r.rows()) {
                String name = String.valueOf(row.get(0));
                states.put(name.toLowerCase(Locale.ROOT), new TableState(name, Boolean.TRUE.equals(row.get(1)),
                        ((Number) row.get(2)).longValue(), ((Number) row.get(3)).longValue()));
            }
            return states;
        };
    }
}
