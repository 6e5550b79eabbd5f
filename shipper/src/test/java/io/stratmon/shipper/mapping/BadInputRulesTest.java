package io.stratmon.shipper.mapping;

import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.parse.Parsed;
import io.stratmon.shipper.sink.IlpEncoder;
import io.stratmon.shipper.tail.Line;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules for bad input (docs/shipper.md, "Bad input: the rules"), one test per class of input seen to fail: each
 * line goes through the real parser and mapper of an input, as the pipeline does.
 */
class BadInputRulesTest {
    static final String RANGE = "1970-01-01T00:00:00Z..2261-12-31T23:59:59.999999999Z";

    static Object outcome(MappingConfig mapping, String json) {
        InputConfig input = new InputConfig(List.of("x"), mapping);
        Parsed parsed = input.newParser().parse(Line.of(json));
        if (parsed instanceof Parsed.Rejected r) return r.reason();
        Mapped mapped = input.newMapper().map(((Parsed.Ok) parsed).record());
        return mapped instanceof Mapped.Rejected r ? r.reason() : ((Mapped.Ok) mapped).row();
    }

    static String rejected(MappingConfig mapping, String json) {
        Object o = outcome(mapping, json);
        assertThat(o).as("outcome of %s", json.length() > 200 ? json.substring(0, 200) + "…" : json).isInstanceOf(String.class);
        return (String) o;
    }

    static Row row(MappingConfig mapping, String json) {
        Object o = outcome(mapping, json);
        assertThat(o).as("outcome of %s", json.length() > 200 ? json.substring(0, 200) + "…" : json).isInstanceOf(Row.class);
        return (Row) o;
    }

    static MappingConfig format(String timeFormat) {
        return MappingConfig.defaults().toBuilder().timeFormat(timeFormat).build();
    }

    static String line(Object time) {
        return "{\"timestamp\":" + time + ",\"event\":\"e\",\"x\":1}";
    }

    @Test
    void times_before_1970_are_dead_lettered_with_the_range_questdb_stores() {
        MappingConfig iso = MappingConfig.defaults();
        assertThat(rejected(iso, line("\"1969-12-31T23:59:59.999999Z\""))).contains(RANGE, "key=timestamp", "1969-12-31T23:59:59.999999Z");
        assertThat(rejected(iso, line("\"1970-01-01T00:30:00+01:00\""))).contains(RANGE);
        assertThat(rejected(iso, line("\"0001-01-01 00:00:00Z\""))).contains(RANGE);
        assertThat(rejected(format("epoch_s"), line(-1))).contains(RANGE);
        assertThat(rejected(format("epoch_ms"), line("\"-5\""))).contains(RANGE);
        assertThat(rejected(format("epoch_ns"), line(-0.5))).contains(RANGE);
        assertThat(rejected(format("2006-01-02 15:04:05"), line("\"1969-07-20 20:17:40\""))).contains(RANGE);
    }

    @Test
    void times_after_questdbs_maximum_or_beyond_a_nanosecond_long_are_dead_lettered_with_the_range() {
        MappingConfig iso = MappingConfig.defaults();
        assertThat(rejected(iso, line("\"2262-01-01T00:00:00Z\""))).contains(RANGE);
        // 2^64 ns after 1970 wraps a long back to 2015: it must never be stored there.
        assertThat(rejected(iso, line("\"2600-01-01T00:00:00Z\""))).contains(RANGE);
        assertThat(rejected(iso, line("\"9999-12-31T23:59:59.999999999Z\""))).contains(RANGE);
        assertThat(rejected(iso, line("\"2600-01-01T00:00:00.1234567+05:30\""))).contains(RANGE);
        assertThat(rejected(format("epoch_s"), line(1_000_000_000_000L))).contains(RANGE);
        assertThat(rejected(format("epoch_s"), line("1e300"))).contains(RANGE);
        assertThat(rejected(format("epoch_ms"), line(Long.MAX_VALUE))).contains(RANGE);
        assertThat(rejected(format("epoch_us"), line("123456789012345678901234567890"))).contains(RANGE);
        assertThat(rejected(format("epoch_ns"), line(Long.MAX_VALUE))).contains(RANGE);
        assertThat(rejected(format("rfc3339"), line("\"2600-01-01T00:00:00Z\""))).contains(RANGE);
        assertThat(rejected(format("ansic"), line("\"Wed Jan  1 00:00:00 2600\""))).contains(RANGE);
    }

    @Test
    void the_first_and_the_last_instant_questdb_stores_are_kept_to_the_nanosecond() {
        assertThat(row(MappingConfig.defaults(), line("\"1970-01-01T00:00:00Z\"")).timestampNanos()).isZero();
        assertThat(row(MappingConfig.defaults(), line("\"2261-12-31T23:59:59.999999999Z\"")).timestampNanos())
                .isEqualTo(9_214_646_399_999_999_999L);
        assertThat(row(format("epoch_ns"), line("9214646399999999999")).timestampNanos()).isEqualTo(9_214_646_399_999_999_999L);
        assertThat(row(format("epoch_s"), line(0)).timestampNanos()).isZero();
    }

    @Test
    void sub_microsecond_fractions_are_cut_on_the_wire_never_rounded_into_the_next_microsecond() {
        Row r = row(MappingConfig.defaults(), "{\"timestamp\":\"2026-11-27T23:59:59.9999999Z\",\"event\":\"e\",\"x\":1}");
        assertThat(r.timestampNanos()).isEqualTo(nanos("2026-11-27T23:59:59.9999999Z"));
        IlpEncoder ilp = new IlpEncoder();
        ilp.row(r);
        String text = new String(ilp.buffer(), 0, ilp.size(), StandardCharsets.ISO_8859_1);
        assertThat(text).endsWith(" " + (nanos("2026-11-27T23:59:59.999999Z") / 1000) + "t\n");
    }

    @Test
    void an_epoch_written_as_a_decimal_is_read_to_the_digit_the_line_wrote_not_through_a_double() {
        assertThat(row(format("epoch_s"), line("1732701600.123456789")).timestampNanos()).isEqualTo(1_732_701_600_123_456_789L);
        assertThat(row(format("epoch_us"), line("1732701600123456.789")).timestampNanos()).isEqualTo(1_732_701_600_123_456_789L);
        assertThat(row(format("epoch_ms"), line("1732701600123.4567")).timestampNanos()).isEqualTo(1_732_701_600_123_456_700L);
        MappingConfig typed = format("epoch_s").toBuilder().types(Map.of("at", FieldType.TIMESTAMP)).build();
        assertThat(row(typed, "{\"timestamp\":1,\"event\":\"e\",\"at\":1732701600.123456789}").value("at"))
                .isEqualTo(1_732_701_600_123_456_789L);
    }

    @Test
    void a_declared_timestamp_field_beyond_a_nanosecond_long_is_dead_lettered_with_the_range() {
        MappingConfig typed = MappingConfig.defaults().toBuilder().types(Map.of("at", FieldType.TIMESTAMP)).build();
        assertThat(rejected(typed, "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"e\",\"at\":\"2600-01-01T00:00:00Z\"}"))
                .contains("key=at", "range=1677-09-21T00:12:43", "..2262-04-11T23:47:16.854775807Z");
    }

    @Test
    void a_line_with_more_columns_than_the_cap_is_dead_lettered_and_one_at_the_cap_is_kept() {
        assertThat(MappingConfig.defaults().maxColumns()).isEqualTo(256);
        assertThat(rejected(MappingConfig.defaults(), wide(257))).contains("too many columns", "max_columns=256");
        assertThat(row(MappingConfig.defaults(), wide(256)).columns()).hasSize(256);
        MappingConfig flatten = MappingConfig.defaults().toBuilder().arrays(io.stratmon.shipper.parse.ArrayMode.FLATTEN).build();
        assertThat(rejected(flatten, "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"e\",\"a\":[" + "1,".repeat(999) + "1]}"))
                .contains("too many columns");
        assertThat(rejected(MappingConfig.defaults().toBuilder().maxColumns(2).build(), wide(3))).contains("max_columns=2");
        assertThat(MappingConfig.defaults().toBuilder().maxColumns(0).build().problems()).anyMatch(p -> p.path().equals("max_columns"));
    }

    static String wide(int columns) {
        StringBuilder b = new StringBuilder("{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"e\"");
        for (int i = 0; i < columns; i++) b.append(",\"c").append(i).append("\":").append(i);
        return b.append('}').toString();
    }

    @Test
    void fields_named_like_the_shippers_own_columns_are_numbered_in_any_case_never_dropped() {
        Row r = row(MappingConfig.defaults().toBuilder().timeKey("ts").build(),
                "{\"ts\":\"2026-11-27T10:00:00Z\",\"event\":\"e\",\"_src\":\"mine\",\"_OFFSET\":5,\"_Src\":\"b\",\"TimeStamp\":\"t\"}");
        assertThat(r.columns()).extracting(Row.Column::name).containsExactly("_src_2", "_OFFSET_2", "_Src_3", "TimeStamp_2");
        IlpEncoder ilp = new IlpEncoder(1);
        ilp.row(r, "00000000000000ff", 7);
        String text = new String(ilp.buffer(), 0, ilp.size(), StandardCharsets.UTF_8);
        assertThat(text).contains("_src_2=\"mine\"", "_OFFSET_2=5", "_src=00000000000000ff", "_offset=7i");
    }

    @Test
    void event_names_starting_with_stratmon_are_reserved_for_stratmons_own_tables() {
        for (String event : List.of("stratmon_shipper", "STRATMON_alerts", "stratmon.x", "Stratmon-y")) {
            assertThat(rejected(MappingConfig.defaults(), "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"" + event + "\"}"))
                    .contains("reserved", "stratmon_");
        }
        assertThat(row(MappingConfig.defaults(), "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"stratmonx\"}").table()).isEqualTo("stratmonx");
        assertThat(MappingConfig.defaults().toBuilder().tablePrefix("stratmon_").build().problems()).anyMatch(p -> p.message().contains("reserved"));
        assertThat(MappingConfig.defaults().toBuilder().defaultTable("Stratmon_logs").build().problems()).anyMatch(p -> p.message().contains("reserved"));
    }

    @Test
    void names_of_only_underscores_or_nothing_are_refused_with_the_key_named() {
        for (String key : List.of("_", "__", "", "..", " ")) {
            assertThat(rejected(MappingConfig.defaults(), "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"e\",\"" + key + "\":1}"))
                    .contains("no usable column name", "[key=" + key + "]");
        }
        assertThat(rejected(MappingConfig.defaults(), "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"__\"}")).contains("no usable table name");
        assertThat(MappingConfig.defaults().toBuilder().defaultTable("_").build().problems()).anyMatch(p -> p.path().equals("default_table"));
    }

    @Test
    void a_long_name_is_cut_to_questdbs_127_characters_and_stays_within_them_after_numbering() {
        String a = "a".repeat(130), b = "a".repeat(127) + "b";
        Row r = row(MappingConfig.defaults(), "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"" + a + "\",\"" + a + "\":1,\"" + b + "\":2,\"A"
                + "a".repeat(140) + "\":3}");
        assertThat(r.table()).hasSize(127);
        assertThat(r.columns()).extracting(Row.Column::name).allSatisfy(n -> assertThat(n.length()).isLessThanOrEqualTo(127))
                .containsExactly("a".repeat(127), "a".repeat(125) + "_2", "A" + "a".repeat(124) + "_3");
    }

    @Test
    void cutting_a_long_name_never_splits_a_character_in_two() {
        String key = "a".repeat(126) + "\uD83D\uDE00";
        Row r = row(MappingConfig.defaults(), "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"e\",\"" + key + "\":1}");
        assertThat(r.columns().get(0).name()).isEqualTo("a".repeat(126));
    }

    @Test
    void a_long_non_ascii_name_is_cut_to_200_bytes_of_utf8_so_questdb_can_name_its_files() {
        String e127 = "\u00e9".repeat(127), emoji = "\uD83D\uDE00".repeat(60);
        Row r = row(MappingConfig.defaults(), "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"" + e127 + "\",\"" + e127 + "\":1,\""
                + e127 + "x\":2,\"" + emoji + "\":3}");
        assertThat(r.table()).isEqualTo("\u00e9".repeat(100));
        assertThat(r.columns()).extracting(Row.Column::name)
                .containsExactly("\u00e9".repeat(100), "\u00e9".repeat(99) + "_2", "\uD83D\uDE00".repeat(50));
        assertThat(r.columns()).extracting(c -> c.name().getBytes(StandardCharsets.UTF_8).length).allMatch(n -> n <= 200);
    }

    @Test
    void names_that_differ_only_by_case_collide_as_questdb_folds_them_character_by_character() {
        // QuestDB compares names with Character.toLowerCase per char: "İd" and "id" are one column there.
        Row r = row(MappingConfig.defaults(), "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"e\",\"id\":1,\"\u0130d\":2,\"ID\":3}");
        assertThat(r.columns()).extracting(Row.Column::name).containsExactly("id", "\u0130d_2", "ID_3");
    }

    @Test
    void numbers_beyond_a_double_are_dead_lettered_never_stored_as_null_or_infinity() {
        MappingConfig declared = MappingConfig.defaults().toBuilder().types(Map.of("px", FieldType.DOUBLE, "qty", FieldType.LONG)).build();
        String t = "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"e\",";
        assertThat(rejected(MappingConfig.defaults(), t + "\"x\":1e400}")).contains("out of range", "key=x", "1E+400");
        assertThat(rejected(MappingConfig.defaults(), t + "\"x\":-1e400}")).contains("out of range", "key=x");
        assertThat(rejected(MappingConfig.defaults(), t + "\"x\":1e-400}")).contains("out of range", "key=x");
        assertThat(rejected(MappingConfig.defaults(), t + "\"x\":1" + "0".repeat(400) + "}")).contains("out of range", "key=x");
        assertThat(rejected(declared, t + "\"px\":1e400}")).contains("key=px");
        assertThat(rejected(declared, t + "\"qty\":99999999999999999999}")).contains("key=qty", "long");
        assertThat(rejected(declared, t + "\"qty\":1e400}")).contains("key=qty");
        // Kept exactly where the column can hold them: as text, or a string field's value.
        MappingConfig tagged = MappingConfig.defaults().toBuilder().tags(List.of("x")).build();
        assertThat(row(tagged, t + "\"x\":1e400}").value("x")).isEqualTo("1E+400");
        // Left out of the row only when the line says NaN or Infinity (stored as NULL by QuestDB anyway).
        assertThat(row(MappingConfig.defaults(), t + "\"x\":NaN,\"y\":-Infinity}").columns()).isEmpty();
    }

    @Test
    void a_lone_surrogate_is_dead_lettered_never_written_as_a_question_mark() {
        String t = "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"e\",";
        assertThat(rejected(MappingConfig.defaults(), t + "\"msg\":\"a\\ud800b\"}")).contains("lone surrogate", "key=msg", "\\ud800");
        assertThat(rejected(MappingConfig.defaults(), t + "\"msg\":\"\\udc00\"}")).contains("lone surrogate");
        assertThat(rejected(MappingConfig.defaults(), t + "\"m\\udfff\":1}")).contains("surrogate");
        assertThat(rejected(MappingConfig.defaults(), t + "\"m\\ud800\":1}")).contains("surrogate");
        assertThat(rejected(MappingConfig.defaults(), "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"event\":\"\\ud83d\"}")).contains("lone surrogate");
        assertThat(row(MappingConfig.defaults(), t + "\"msg\":\"\\ud83d\\ude00\"}").value("msg")).isEqualTo("\uD83D\uDE00");
    }

    static long nanos(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
