package io.stratmon.app.config;

import io.stratmon.shipper.config.ConfigException;
import io.stratmon.shipper.config.ConfigProblem;
import io.stratmon.shipper.mapping.FieldType;
import io.stratmon.shipper.mapping.MappingConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** One test per class of mistake: the message names the file line, the key and the problem. */
class ConfigLoaderTest {
    static StratmonConfig load(String toml) {
        return ConfigLoader.parse(toml, "test.toml", Map.of("HOME_DIR", "/home/q"), true);
    }

    static List<String> problems(String toml) {
        return catchThrowableOfType(ConfigException.class, () -> load(toml)).messages();
    }

    @Test
    void a_minimal_config_takes_every_default() {
        StratmonConfig c = load("[[inputs]]\nfiles = [\"logs/*.jsonl\"]\n");
        assertThat(c.questdb().embedded()).isTrue();
        assertThat(c.shipper().inputs().get(0).mapping()).isEqualTo(MappingConfig.defaults());
    }

    @Test
    void an_unknown_key_is_named_with_its_line_and_a_suggestion() {
        assertThat(problems("""
                [[inputs]]
                files = ["a.log"]
                time_formt = "iso"
                """)).containsExactly("test.toml:3: inputs[0].time_formt: unknown key (did you mean time_format?)");
        assertThat(problems("[questdb]\nurl = \"http://h:9000\"\n[questdb.extra]\na = 1\n[[inputs]]\nfiles=[\"a\"]\n"))
                .containsExactly("test.toml:3: questdb.extra: unknown key");
        assertThat(problems("[nonsense]\n[[inputs]]\nfiles=[\"a\"]\n")).containsExactly("test.toml:1: nonsense: unknown key");
    }

    @Test
    void a_wrong_type_is_named_with_the_expected_type_and_the_value() {
        assertThat(problems("""
                [shipper]
                batch_max_rows = "many"
                [dashboard]
                enabled = "yes"
                [[inputs]]
                files = "a.log"
                """)).containsExactly(
                "test.toml:2: shipper.batch_max_rows: expected an integer, got a string [value=many]",
                "test.toml:4: dashboard.enabled: expected true or false, got a string [value=yes]",
                "test.toml:6: inputs[0].files: expected an array of strings, got a string [value=a.log]");
    }

    @Test
    void a_missing_required_value_is_named() {
        assertThat(problems("[[inputs]]\npreset = \"structlog\"\n")).containsExactly(
                "test.toml:1: inputs[0].files: missing (required): the log files to tail, as paths or globs");
        assertThat(problems("[questdb]\n")).containsExactly("test.toml: inputs: missing: add at least one [[inputs]] table with the files to ship");
        assertThat(problems("[[inputs]]\nfiles=[\"a\"]\ntime_key = \"\"\n")).containsExactly(
                "test.toml:3: inputs[0].time_key: missing; name the key holding each line's time, or set time_fallback = \"arrival\"");
    }

    @Test
    void an_invalid_value_is_named_with_the_reason() {
        assertThat(problems("""
                [questdb]
                url = "ftp://somewhere"
                [shipper]
                read_from = "middle"
                rotate_wait = "soon"
                [dashboard]
                port = 70000
                [[inputs]]
                files = ["a.log"]
                preset = "log4j"
                time_format = "yyyy-MM-dd"
                timezone = "Mars/Olympus"
                default_table = "///"
                [inputs.types]
                qty = "int64"
                """)).containsExactlyInAnyOrder(
                "test.toml:2: questdb.url: must start with http://, https:// or tcp:// [value=ftp://somewhere]",
                "test.toml:4: shipper.read_from: must be one of beginning, end [value=middle]",
                "test.toml:5: shipper.rotate_wait: not a duration [value=soon] (e.g. 500ms, 10s, 1h30m, 2d, 1w or ISO PT10S)",
                "test.toml:7: dashboard.port: must be 0..65535 (0 = any free port) [value=70000]",
                "test.toml:10: inputs[0].preset: must be one of default, structlog, logstash, ecs, telegraf [value=log4j]",
                "test.toml:15: inputs[0].types.qty: unknown type: use double, long, boolean, string, symbol or timestamp [value=int64]",
                "test.toml:11: inputs[0].time_format: unknown time format: use iso, epoch_s, epoch_ms, epoch_us, epoch_ns, a Telegraf name (rfc3339, rfc3339nano, unix_ms...) or a Go layout like 2006-01-02T15:04:05Z07:00 [value=yyyy-MM-dd]",
                "test.toml:12: inputs[0].timezone: unknown zone [value=Mars/Olympus] (use an IANA name like Europe/London, UTC or Local)",
                "test.toml:13: inputs[0].default_table: not a usable table name [value=///]");
    }

    @Test
    void conflicting_keys_are_named() {
        assertThat(problems("[questdb]\nurl = \"http://h:9000\"\nhttp_port = 1\n[[inputs]]\nfiles=[\"a\"]\nname_key=\"e\"\ntable=\"t\"\n"))
                .containsExactly("test.toml:3: questdb.http_port: only for an embedded QuestDB; remove it, or remove url to run QuestDB embedded",
                        "test.toml:7: inputs[0].table: set either name_key or table, not both [table=t, name_key=e]");
    }

    @Test
    void invalid_toml_is_reported_with_its_line() {
        assertThat(problems("[[inputs]]\nfiles = [\"a\"\n")).singleElement().asString().startsWith("test.toml:").contains("not valid TOML");
    }

    @Test
    void environment_variables_are_substituted_and_an_unset_one_is_a_problem() {
        StratmonConfig c = load("""
                [shipper]
                state_dir = "${HOME_DIR}/state"
                [[inputs]]
                files = ["$HOME_DIR/logs/*.jsonl", "${LOGS:-/var/log}/x.log"] # $NOT_IN_A_COMMENT
                """);
        assertThat(c.shipper().stateDir().toString()).isEqualTo("/home/q/state");
        assertThat(c.shipper().inputs().get(0).files()).containsExactly("/home/q/logs/*.jsonl", "/var/log/x.log");
        assertThat(problems("[[inputs]]\nfiles = [\"${NOPE}\"]\n")).containsExactly(
                "test.toml:2: inputs[0].files: environment variable NOPE is not set [reference=${NOPE}] (set it, or write ${NOPE:-default})");
    }

    @Test
    void every_problem_is_reported_at_once_and_the_message_lists_them() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
                [shipper]
                max_line_bytes = 1
                [[inputs]]
                files = ["a"]
                colour = "blue"
                [[inputs]]
                files = []
                """));
        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage()).startsWith("Invalid config test.toml (3 problems):\n  test.toml:").contains("inputs[1].files", "inputs[0].colour", "max_line_bytes");
    }

    @Test
    void mapping_keys_override_the_preset() {
        StratmonConfig c = load("""
                [[inputs]]
                files = ["a"]
                preset = "logstash"
                name_key = ""
                table = "java"
                tags = ["level"]
                time_fallback = "arrival"
                arrays = "flatten"
                [inputs.types]
                qty = "long"
                [inputs.rename]
                "@version" = "version"
                """);
        MappingConfig m = c.shipper().inputs().get(0).mapping();
        assertThat(m.nameKey()).isNull();
        assertThat(m.table()).isEqualTo("java");
        assertThat(m.timeKey()).isEqualTo("@timestamp");
        assertThat(m.tags()).containsExactly("level");
        assertThat(m.exclude()).containsExactly("@version", "level_value");
        assertThat(m.types()).containsEntry("qty", FieldType.LONG);
        assertThat(m.rename()).containsEntry("@version", "version");
        assertThat(m.timeFallback()).isEqualTo(MappingConfig.TimeFallback.ARRIVAL);
    }

    @Test
    void a_tcp_url_gives_the_no_acknowledgement_warning() {
        StratmonConfig c = load("[questdb]\nurl = \"tcp://127.0.0.1:9009\"\n[[inputs]]\nfiles=[\"a\"]\n");
        assertThat(c.warnings()).singleElement().asString().contains("no acknowledgements", "http://", "exactly-once");
    }

    @Test
    void a_problem_is_a_value_with_the_key_path_the_user_wrote_and_its_line() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
                [shipper]
                max_line_bytes = 1
                [[inputs]]
                files = ["a"]
                [inputs.types]
                qty = "int64"
                """));
        assertThat(e.problems()).containsExactly(
                new ConfigProblem("shipper.max_line_bytes", 2, "must be at least 16 [value=1]"),
                new ConfigProblem("inputs[0].types.qty", 6, "unknown type: use double, long, boolean, string, symbol or timestamp [value=int64]"));
        assertThat(e.source()).isEqualTo("test.toml");
    }

    @Test
    void durations_take_the_one_grammar_and_a_bare_number_is_refused() {
        StratmonConfig c = load("[shipper]\nrotate_wait = \"1h30m\"\npoll_interval = \"PT0.5S\"\nmetrics_interval = 0\n[[inputs]]\nfiles=[\"a\"]\n");
        assertThat(c.shipper().tail().rotateWait()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.shipper().tail().pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.shipper().metricsInterval()).isZero();
        assertThat(problems("[shipper]\nrotate_wait = 5\nscan_interval = \"-1s\"\npoll_interval = true\n[[inputs]]\nfiles=[\"a\"]\n")).containsExactly(
                "test.toml:2: shipper.rotate_wait: a duration needs a unit, write it as a string: \"5s\" or \"5ms\" [value=5]",
                "test.toml:3: shipper.scan_interval: not a duration [value=-1s]: negative durations are not allowed (e.g. 500ms, 10s, 1h30m, 2d, 1w or ISO PT10S)",
                "test.toml:4: shipper.poll_interval: expected a duration string like \"500ms\" or \"1h30m\", got a boolean [value=true]");
        assertThat(problems("[shipper]\npoll_interval = \"0s\"\n[[inputs]]\nfiles=[\"a\"]\n")).containsExactly(
                "test.toml:2: shipper.poll_interval: must be positive [value=PT0S]");
    }

    @Test
    void tcp_with_dedup_turns_dedup_off_with_a_warning_at_load_time() {
        StratmonConfig written = load("[questdb]\nurl = \"tcp://127.0.0.1:9009\"\n[shipper]\ndedup = true\n[[inputs]]\nfiles=[\"a\"]\n");
        assertThat(written.shipper().dedup()).isFalse();
        assertThat(written.warnings()).anyMatch(w -> w.startsWith("test.toml:4: shipper.dedup: needs ILP over HTTP"));
        StratmonConfig byDefault = load("[questdb]\nurl = \"tcp://127.0.0.1:9009\"\n[[inputs]]\nfiles=[\"a\"]\n");
        assertThat(byDefault.shipper().dedup()).isFalse();
        assertThat(byDefault.warnings()).noneMatch(w -> w.contains("shipper.dedup"));
        assertThat(byDefault.shipper().problems()).isEmpty();
        assertThat(load("[questdb]\nurl = \"http://127.0.0.1:9000\"\n[[inputs]]\nfiles=[\"a\"]\n").shipper().dedup()).isTrue();
    }

    @Test
    void an_integer_out_of_range_is_a_problem_not_a_silent_cap() {
        assertThat(problems("[shipper]\nmax_line_bytes = 99999999999\n[[inputs]]\nfiles=[\"a\"]\n")).containsExactly(
                "test.toml:2: shipper.max_line_bytes: out of range: at most 2147483647 [value=99999999999]");
    }

    @Test
    void paths_and_hosts_that_cannot_work_are_problems_with_their_line() {
        assertThat(problems("[shipper]\nstate_dir = \"\"\n[dashboard]\nhost = \" \"\n[[inputs]]\nfiles=[\"a\"]\n")).containsExactly(
                "test.toml:2: shipper.state_dir: must not be empty",
                "test.toml:4: dashboard.host: must not be empty");
        assertThat(problems("[shipper]\nstate_dir = \"a\\u0000b\"\n[[inputs]]\nfiles=[\"a\"]\n")).singleElement().asString()
                .startsWith("test.toml:2: shipper.state_dir: not a usable path");
    }
}
