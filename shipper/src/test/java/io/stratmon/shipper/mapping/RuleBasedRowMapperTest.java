package io.stratmon.shipper.mapping;

import io.stratmon.shipper.parse.LogRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RuleBasedRowMapperTest {
    final RuleBasedRowMapper mapper = new RuleBasedRowMapper(MappingConfig.defaults());

    Row ok(LogRecord r) {
        Mapped m = mapper.map(r);
        assertThat(m).isInstanceOf(Mapped.Ok.class);
        return ((Mapped.Ok) m).row();
    }

    String rejected(LogRecord r) {
        Mapped m = mapper.map(r);
        assertThat(m).isInstanceOf(Mapped.Rejected.class);
        return ((Mapped.Rejected) m).reason();
    }

    @Test
    void event_names_the_table_and_timestamp_is_the_designated_time_to_the_microsecond() {
        Row row = ok(LogRecord.of("timestamp", "2026-11-27T10:00:00.123456Z", "event", "price_log", "level", "INFO", "price", 100.41));
        assertThat(row.table()).isEqualTo("price_log");
        assertThat(row.timestampNanos()).isEqualTo(Instant.parse("2026-11-27T10:00:00.123456Z").toEpochMilli() * 1_000_000 + 456_000);
        assertThat(row.columns()).containsExactly(
                new Row.Column("level", ColumnType.SYMBOL, "INFO"),
                new Row.Column("price", ColumnType.DOUBLE, 100.41));
    }

    @Test
    void numbers_become_double_booleans_boolean_strings_symbol_or_varchar_and_nulls_are_left_out() {
        Row row = ok(LogRecord.of("timestamp", "2026-11-27T10:00:00Z", "event", "fill", "symbol", "BTC-USD", "side", "BUY",
                "qty", 5L, "order_id", "ORD-1", "maker", true, "note", null, "tags", new LogRecord.JsonText("[1,2]")));
        assertThat(row.columns()).containsExactly(
                new Row.Column("symbol", ColumnType.SYMBOL, "BTC-USD"),
                new Row.Column("side", ColumnType.SYMBOL, "BUY"),
                new Row.Column("qty", ColumnType.DOUBLE, 5.0),
                new Row.Column("order_id", ColumnType.VARCHAR, "ORD-1"),
                new Row.Column("maker", ColumnType.BOOLEAN, true),
                new Row.Column("tags", ColumnType.VARCHAR, "[1,2]"));
    }

    @Test
    void lines_without_event_go_to_the_default_table_and_names_are_sanitized() {
        Row row = ok(LogRecord.of("timestamp", "2026-11-27T10:00:00Z", "msg", "hi", "a-b", 1L, "a_b", 2L, "x.y", 3L));
        assertThat(row.table()).isEqualTo("logs");
        assertThat(row.columns()).extracting(Row.Column::name).containsExactly("msg", "a_b", "a_b_2", "x_y");
        assertThat(ok(LogRecord.of("timestamp", "2026-11-27T10:00:00Z", "event", "order/sent v2")).table()).isEqualTo("order_sent_v2");
    }

    @Test
    void a_missing_or_unparseable_timestamp_is_rejected_with_the_key_named() {
        assertThat(rejected(LogRecord.of("event", "x"))).isEqualTo("missing timestamp [key=timestamp]");
        assertThat(rejected(LogRecord.of("event", "x", "timestamp", "yesterday"))).contains("unparseable timestamp", "key=timestamp", "yesterday");
        assertThat(rejected(LogRecord.of("event", "///", "timestamp", "2026-11-27T10:00:00Z"))).contains("no usable table name");
    }
}
