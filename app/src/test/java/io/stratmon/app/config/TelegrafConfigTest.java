package io.stratmon.app.config;

import io.stratmon.shipper.TailConfig;
import io.stratmon.shipper.config.ConfigException;
import io.stratmon.shipper.mapping.MappingConfig;
import io.stratmon.shipper.parse.ArrayMode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TelegrafConfigTest {
    static final Map<String, String> ENV = Map.of("LOG_FILE_NAME", "/var/log/trader/trader.logs", "QUESTDB_HOST_NAME", "questdb:9009");

    @Test
    void the_reference_config_means_the_same_rows_as_telegraf_writes() throws Exception {
        TelegrafConfig.Result r = TelegrafConfig.load(Path.of("src/test/resources/telegraf/telegraf.conf"), ENV, Path.of("state"));
        assertThat(r.shipper().sink().url()).isEqualTo("tcp://questdb:9009");
        assertThat(r.shipper().tail().readFrom()).isEqualTo(TailConfig.ReadFrom.BEGINNING);
        assertThat(r.shipper().inputs()).singleElement().satisfies(input -> {
            assertThat(input.files()).containsExactly("/var/log/trader/trader.logs");
            MappingConfig m = input.mapping();
            assertThat(m.nameKey()).isEqualTo("event");
            assertThat(m.defaultTable()).isEqualTo("tail");
            assertThat(m.timeKey()).isEqualTo("timestamp");
            assertThat(m.timeFormat()).isEqualTo("2006-01-02T15:04:05.999999Z");
            assertThat(m.stringFields()).containsExactly("level");
            assertThat(m.otherStrings()).isEqualTo(MappingConfig.OtherStrings.DROP);
            assertThat(m.otherBooleans()).isFalse();
            assertThat(m.arrays()).isEqualTo(ArrayMode.FLATTEN);
        });
        assertThat(r.warnings()).anyMatch(w -> w.contains("no acknowledgements"))
                .anyMatch(w -> w.contains("from_beginning = true") && w.contains("checkpoints"))
                .anyMatch(w -> w.startsWith("[agent] interval, flush_interval: not used"));
    }

    @Test
    void unset_variables_are_left_as_telegraf_leaves_them_with_a_warning() throws Exception {
        String text = Files.readString(Path.of("src/test/resources/telegraf/telegraf.conf"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> TelegrafConfig.parse(text, "telegraf.conf", Map.of(), Path.of("s")));
        assertThat(e.messages()).anyMatch(p -> p.contains("must start with http://, https:// or tcp://") || p.contains("has no host"));
    }

    @Test
    void unsupported_options_are_named_in_warnings_and_meaning_changes_are_problems() {
        String conf = """
                [global_tags]
                  dc = "eu"
                [[inputs.cpu]]
                [[inputs.tail]]
                  files = ["/a.log"]
                  data_format = "json"
                  json_name_key = "event"
                  path_tag = "path"
                  watch_method = "poll"
                  tag_keys = ["sym*"]
                  name_prefix = "bot_"
                  json_query = "data"
                [[outputs.influxdb_v2]]
                  urls = ["http://127.0.0.1:9000"]
                  token = "x"
                  bucket = "b"
                  content_encoding = "gzip"
                [[outputs.file]]
                  files = ["stdout"]
                """;
        TelegrafConfig.Result r = TelegrafConfig.parse(conf, "t.conf", Map.of(), Path.of("s"));
        assertThat(r.shipper().sink().url()).isEqualTo("http://127.0.0.1:9000");
        assertThat(r.shipper().tail().readFrom()).isEqualTo(TailConfig.ReadFrom.END);
        assertThat(r.shipper().inputs().get(0).mapping().tags()).containsExactly("sym*");
        assertThat(r.shipper().inputs().get(0).mapping().tablePrefix()).isEqualTo("bot_");
        assertThat(r.shipper().inputs().get(0).mapping().query()).isEqualTo("data");
        assertThat(r.warnings()).contains("[global_tags]: not supported, ignored",
                "[[inputs.cpu]]: not supported (stratmon ships JSON log files: inputs.tail), ignored",
                "inputs.tail[0]: not supported, ignored: path_tag, watch_method",
                "outputs.influxdb_v2[0].token: not used by QuestDB's ILP over HTTP, ignored",
                "outputs.influxdb_v2[0].bucket: not used by QuestDB's ILP over HTTP, ignored",
                "outputs.influxdb_v2[0]: not supported, ignored: content_encoding",
                "[[outputs.file]]: not supported (stratmon writes to QuestDB over ILP), ignored");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> TelegrafConfig.parse("""
                [[inputs.tail]]
                  files = ["/a.log"]
                  json_time_key = "ts"
                  json_query = "items.#.price"
                [[outputs.socket_writer]]
                  address = "udp://127.0.0.1:8089"
                """, "t.conf", Map.of(), Path.of("s")));
        assertThat(e.messages()).containsExactlyInAnyOrder(
                "t.conf:1: inputs.tail[0].data_format: stratmon reads JSON lines with Telegraf's json parser only (data_format = \"json\") [value=influx]",
                "t.conf:3: inputs.tail[0].json_time_key: requires json_time_format (as Telegraf says: use of 'json_time_key' requires 'json_time_format')",
                "t.conf:4: inputs.tail[0].json_query: only a plain dotted path to an object is supported (no wildcards, #, | or @modifiers) [value=items.#.price]",
                "t.conf:6: outputs.socket_writer[0].address: only tcp:// is supported (QuestDB's ILP over TCP); udp:// and unix:// are not [value=udp://127.0.0.1:8089]");
    }
}
