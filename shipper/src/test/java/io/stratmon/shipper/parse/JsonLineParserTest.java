package io.stratmon.shipper.parse;

import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.Line;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLineParserTest {
    final JsonLineParser parser = new JsonLineParser();

    LogRecord ok(String text) {
        Parsed p = parser.parse(Line.of(text));
        assertThat(p).isInstanceOf(Parsed.Ok.class);
        return ((Parsed.Ok) p).record();
    }

    String rejected(Line line) {
        Parsed p = parser.parse(line);
        assertThat(p).isInstanceOf(Parsed.Rejected.class);
        return ((Parsed.Rejected) p).reason();
    }

    @Test
    void parses_the_reference_line_keeping_types_and_key_order() {
        LogRecord r = ok("{\"timestamp\":\"2026-11-27T10:00:00.123456Z\",\"event\":\"price_log\",\"level\":\"INFO\",\"price\":100.41}");
        assertThat(r.fields()).containsExactly(
                java.util.Map.entry("timestamp", "2026-11-27T10:00:00.123456Z"),
                java.util.Map.entry("event", "price_log"),
                java.util.Map.entry("level", "INFO"),
                java.util.Map.entry("price", 100.41));
    }

    @Test
    void keeps_integers_exact_booleans_nulls_and_big_numbers() {
        LogRecord r = ok("{\"qty\":5,\"big\":123456789012345678901234567890,\"ok\":true,\"no\":false,\"none\":null,\"neg\":-0.5e3}");
        assertThat(r.get("qty")).isEqualTo(5L);
        assertThat(r.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(r.get("ok")).isEqualTo(true);
        assertThat(r.get("no")).isEqualTo(false);
        assertThat(r.has("none")).isTrue();
        assertThat(r.get("none")).isNull();
        assertThat(r.get("neg")).isEqualTo(-500.0);
    }

    @Test
    void flattens_nested_objects_with_underscore_and_keeps_arrays_as_json_text() {
        LogRecord r = ok("{\"log\":{\"level\":\"INFO\",\"origin\":{\"line\":42}},\"tags\":[1,\"a\",{\"b\":null}]}");
        assertThat(r.get("log_level")).isEqualTo("INFO");
        assertThat(r.get("log_origin_line")).isEqualTo(42L);
        assertThat(r.get("tags")).isEqualTo(new LogRecord.JsonText("[1,\"a\",{\"b\":null}]"));
    }

    @Test
    void accepts_a_utf8_bom_and_unicode() {
        byte[] bytes = "\uFEFF{\"msg\":\"prix \u20AC \u65E5\u672C\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Parsed p = parser.parse(new Line(FileSource.UNKNOWN, 0, bytes.length + 1, bytes, 0, bytes.length));
        assertThat(((Parsed.Ok) p).record().get("msg")).isEqualTo("prix \u20AC \u65E5\u672C");
    }

    @Test
    void rejects_bad_input_with_a_reason_and_never_throws() {
        assertThat(rejected(Line.of("price 101.5"))).startsWith("invalid JSON");
        assertThat(rejected(Line.of("[1,2]"))).startsWith("not a JSON object");
        assertThat(rejected(Line.of("{\"a\":1"))).contains("truncated");
        assertThat(rejected(Line.of("{\"a\":1} {\"b\":2}"))).startsWith("trailing content");
        assertThat(rejected(Line.of("\"just a string\""))).startsWith("not a JSON object");
        byte[] badUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThat(rejected(new Line(FileSource.UNKNOWN, 0, 11, badUtf8, 0, badUtf8.length))).contains("UTF-8");
        assertThat(rejected(Line.of("{" + "\"a\":{".repeat(100) + "}".repeat(101)))).startsWith("invalid JSON");
    }

    @Test
    void whitespace_only_is_blank_not_an_error() {
        assertThat(parser.parse(Line.of("   \t"))).isInstanceOf(Parsed.Blank.class);
    }
}
