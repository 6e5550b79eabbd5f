package io.stratmon.shipper.mapping;

import io.stratmon.shipper.sink.EncodedRows;
import io.stratmon.shipper.sink.HttpIlpSink;
import io.stratmon.shipper.sink.SinkConfig;
import io.stratmon.shipper.sink.SinkException;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The facts the bad-input rules rest on, checked against a real QuestDB (9.3.4): the edges of the designated
 * timestamp's range are stored and one step beyond is refused; what the mapper makes of long, reserved and
 * case-colliding names is accepted as distinct columns.
 */
class BadInputRulesIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    static void send(Row row) {
        try (HttpIlpSink sink = new HttpIlpSink(SinkConfig.of(questdb.httpUrl()).withCredentials(questdb.username(), questdb.password()), null)) {
            sink.send(EncodedRows.of(List.of(row)), 0, 1);
        }
    }

    static Row row(String table, long nanos, Row.Column... columns) {
        return new Row(table, nanos, List.of(columns));
    }

    static Row.Column x(double v) {
        return new Row.Column("x", ColumnType.DOUBLE, v);
    }

    @Test
    void the_first_and_last_designated_timestamps_are_stored_and_one_step_beyond_is_refused() {
        questdb.query("CREATE TABLE edges (x DOUBLE, timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("CREATE TABLE edges_ns (x DOUBLE, timestamp TIMESTAMP_NS) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        for (String table : List.of("edges", "edges_ns")) {
            send(row(table, TimeRange.MIN_DESIGNATED, x(1)));
            send(row(table, TimeRange.MAX_DESIGNATED, x(2)));
            assertThatThrownBy(() -> send(row(table, -1_000, x(3)))).isInstanceOf(SinkException.class).hasMessageContaining("1970");
        }
        // One microsecond past the last instant: refused by a TIMESTAMP_NS table, the limit the shipper applies to all.
        assertThatThrownBy(() -> send(row("edges_ns", TimeRange.MAX_DESIGNATED + 1, x(4)))).isInstanceOf(SinkException.class)
                .hasMessageContaining("overflow");
        questdb.awaitRowCount("edges", 2);
        questdb.awaitRowCount("edges_ns", 2);
        assertThat(questdb.query("SELECT x, timestamp FROM edges").toTsv())
                .isEqualTo("x\ttimestamp\n1.0\t1970-01-01T00:00:00.000000Z\n2.0\t2261-12-31T23:59:59.999999Z\n");
        assertThat(questdb.query("SELECT x, timestamp FROM edges_ns").toTsv())
                .isEqualTo("x\ttimestamp\n1.0\t1970-01-01T00:00:00.000000000Z\n2.0\t2261-12-31T23:59:59.999999000Z\n");
    }

    @Test
    void a_name_questdb_accepts_by_length_but_not_by_bytes_is_what_the_200_byte_cap_prevents() {
        Row row = row("too_long", 1_000_000_000L, new Row.Column("\u00e9".repeat(127), ColumnType.DOUBLE, 1.0));
        // QuestDB 9.3.4 answers with no HTTP response at all: to the shipper it looks like an outage, retried for ever.
        assertThatThrownBy(() -> send(row)).isInstanceOf(SinkException.class).hasMessageContaining("cannot reach QuestDB");
    }

    @Test
    void the_names_the_mapper_makes_are_accepted_as_distinct_columns() {
        Row mapped = BadInputRulesTest.row(MappingConfig.defaults().toBuilder().timeKey("ts").build(),
                "{\"ts\":\"2026-11-27T10:00:00Z\",\"event\":\"names\",\"_src\":\"mine\",\"_OFFSET\":5,\"Timestamp\":\"t\",\"id\":1,"
                        + "\"\u0130d\":2,\"" + "a".repeat(130) + "\":3,\"" + "a".repeat(127) + "b\":4,\"" + "\u00e9".repeat(127) + "\":5}");
        // 127 é are 254 bytes: QuestDB's own check (127 chars) passes them, then the file system refuses the column
        // file (ENAMETOOLONG) and QuestDB drops the connection. Cut to 200 bytes, the column is created.
        assertThat(mapped.columns()).extracting(Row.Column::name).contains("\u00e9".repeat(100));
        send(mapped);
        questdb.awaitRowCount("names", 1);
        assertThat(questdb.query("SELECT count() n FROM table_columns('names')").toTsv()).isEqualTo("n\n" + (mapped.columns().size() + 1) + "\n");
        assertThat(questdb.query("SELECT \"_src_2\", \"_OFFSET_2\", \"Timestamp_2\", id, \"\u0130d_2\" FROM names").toTsv())
                .isEqualTo("_src_2\t_OFFSET_2\tTimestamp_2\tid\t\u0130d_2\nmine\t5.0\tt\t1.0\t2.0\n");
    }
}
