package io.stratmon.shipper.sink;

import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.time.Clock;

import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard's cast rules against a real QuestDB: for every existing column type and every type a row can carry,
 * one row is sent over ILP/HTTP to its own table; the guard must refuse exactly what QuestDB refuses.
 */
class SchemaGuardIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    static final List<String> COLUMN_TYPES = List.of("DOUBLE", "FLOAT", "LONG", "INT", "SHORT", "BYTE", "VARCHAR", "STRING",
            "SYMBOL", "BOOLEAN", "TIMESTAMP", "DATE");

    static final Map<String, Row.Column> SENT = new LinkedHashMap<>();

    static {
        SENT.put("symbol", new Row.Column("v", ColumnType.SYMBOL, "abc"));
        SENT.put("varchar", new Row.Column("v", ColumnType.VARCHAR, "abc"));
        SENT.put("varchar-number", new Row.Column("v", ColumnType.VARCHAR, "12"));
        SENT.put("double", new Row.Column("v", ColumnType.DOUBLE, 5.5));
        SENT.put("double-integral", new Row.Column("v", ColumnType.DOUBLE, 5.0));
        SENT.put("long", new Row.Column("v", ColumnType.LONG, 7L));
        SENT.put("long-big", new Row.Column("v", ColumnType.LONG, 5_000_000_000L));
        SENT.put("boolean", new Row.Column("v", ColumnType.BOOLEAN, true));
        SENT.put("timestamp", new Row.Column("v", ColumnType.TIMESTAMP, 1_700_000_000_000_000_000L));
    }

    @Test
    void guard_refuses_exactly_what_questdb_refuses() {
        List<String> disagreements = new ArrayList<>();
        StringBuilder matrix = new StringBuilder();
        int n = 0;
        try (HttpIlpSink sink = new HttpIlpSink(SinkConfig.of(questdb.httpUrl()).withCredentials(questdb.username(), questdb.password()), null)) {
            for (String columnType : COLUMN_TYPES) {
                for (Map.Entry<String, Row.Column> sent : SENT.entrySet()) {
                    String table = "g" + (n++);
                    questdb.query("CREATE TABLE " + table + " (v " + columnType + ", timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
                    Row row = new Row(table, 1_700_000_000_000_000_000L, List.of(sent.getValue()));
                    String verdict;
                    try {
                        sink.send(EncodedRows.of(List.of(row)), 0, 1);
                        verdict = null;
                    } catch (SinkException e) {
                        verdict = e.getMessage();
                    }
                    SchemaGuard guard = new SchemaGuard(t -> Map.of("v", columnType, "timestamp", "TIMESTAMP"), Clock.SYSTEM);
                    String problem = guard.problem(row).orElse(null);
                    matrix.append(columnType).append(" <- ").append(sent.getKey()).append(": questdb=")
                            .append(verdict == null ? "accepts" : "refuses").append(", guard=").append(problem == null ? "accepts" : "refuses").append('\n');
                    if ((verdict == null) != (problem == null)) {
                        disagreements.add(columnType + " <- " + sent.getKey() + ": questdb " + (verdict == null ? "accepts" : "refuses: " + verdict)
                                + "; guard " + (problem == null ? "accepts" : "refuses: " + problem));
                    }
                }
            }
        }
        System.out.println(matrix);
        assertThat(disagreements).isEmpty();
    }

    @Test
    void reads_the_schema_of_a_real_table_and_learns_new_tables_first_type_wins() {
        questdb.query("CREATE TABLE known (price DOUBLE, qty LONG, side SYMBOL, timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        SchemaGuard guard = new SchemaGuard(SchemaGuard.questDbLookup(questdb.sql()), Clock.SYSTEM);
        assertThat(guard.problem(row("known", new Row.Column("price", ColumnType.VARCHAR, "high"))))
                .contains("value does not fit the column's type [table=known, column=price, column_type=DOUBLE, value_type=VARCHAR, value=high]");
        assertThat(guard.problem(row("known", new Row.Column("qty", ColumnType.DOUBLE, 1.5)))).get().asString().contains("column=qty", "column_type=LONG");
        assertThat(guard.problem(row("known", new Row.Column("price", ColumnType.DOUBLE, 1.5)))).isEmpty();
        // A table QuestDB does not have yet: the first row's types win for the rest of the run.
        assertThat(guard.problem(row("fresh", new Row.Column("v", ColumnType.DOUBLE, 5.0)))).isEmpty();
        assertThat(guard.problem(row("fresh", new Row.Column("v", ColumnType.VARCHAR, "x")))).get().asString().contains("column_type=DOUBLE");
    }

    static Row row(String table, Row.Column... columns) {
        return new Row(table, 1_700_000_000_000_000_000L, List.of(columns));
    }
}
