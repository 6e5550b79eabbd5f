package io.stratmon.shipper.mapping;

import io.stratmon.shipper.parse.LogRecord;
import org.junit.jupiter.api.Test;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LabelsTest {
    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void names_quest_db_would_not_take_as_they_are_are_problems_naming_the_label() {
        assertThat(Labels.of(map("a-b", "x", "a.b", "y", "ok_1", "z")).problems())
                .extracting(Object::toString)
                .containsExactly("labels.a-b: not a column name QuestDB accepts (no . , ' \" \\ / : ( ) + - * % ~ ?, spaces or control"
                                + " characters, at most 127 characters); did you mean a_b?",
                        "labels.a.b: not a column name QuestDB accepts (no . , ' \" \\ / : ( ) + - * % ~ ?, spaces or control"
                                + " characters, at most 127 characters); did you mean a_b?");
    }

    @Test
    void the_shippers_own_columns_and_names_that_are_one_column_to_quest_db_are_problems() {
        assertThat(Labels.of(map("_SRC", "x", "timestamp", "y", "Host", "a", "host", "b")).problems())
                .extracting(Object::toString)
                .containsExactly("labels._SRC: is one of the shipper's own columns (timestamp, _src, _offset): choose another name",
                        "labels.timestamp: is one of the shipper's own columns (timestamp, _src, _offset): choose another name",
                        "labels.host: is the same column as label Host (QuestDB compares names case-insensitively)");
    }

    @Test
    void values_with_control_characters_or_lone_surrogates_are_problems() {
        assertThat(Labels.of(map("a", "x\ny", "b", "\uD800", "c", "emoji \uD83D\uDE00 ok, spaces = fine")).problems())
                .extracting(Object::toString)
                .containsExactly("labels.a: control character in the value at index 1 [code=U+000A]",
                        "labels.b: lone surrogate in the value at index 0");
    }

    @Test
    void an_empty_value_leaves_the_label_out_but_still_overrides_a_default() {
        Labels labels = Labels.of(map("host", "")).orDefaults(Map.of("host", "machine", "dc", "eu"));
        assertThat(labels.columns()).extracting(Row.Column::name).containsExactly("dc");
        assertThat(labels.host()).isNull();
        assertThat(Labels.of(map("host", "a")).with(Map.of("host", "b")).host()).isEqualTo("b");
    }

    @Test
    void every_row_starts_with_the_labels_and_a_field_of_the_same_name_in_any_case_is_numbered() {
        RuleBasedRowMapper mapper = new RuleBasedRowMapper(MappingConfig.defaults(), InstantSource.system(),
                Labels.of(map("host", "web1", "strategy", "mm")));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "fill");
        fields.put("timestamp", "2026-11-27T10:00:00Z");
        fields.put("HOST", "db1");
        fields.put("host", "db2");
        Mapped mapped = mapper.map(new LogRecord(fields));
        assertThat(((Mapped.Ok) mapped).row().columns()).extracting(c -> c.name() + "=" + c.value() + ":" + c.type())
                .containsExactly("host=web1:SYMBOL", "strategy=mm:SYMBOL", "HOST_2=db1:VARCHAR", "host_3=db2:VARCHAR");
    }
}
