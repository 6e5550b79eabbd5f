package io.stratmon.shipper.config;

import io.stratmon.shipper.ShipperConfig;
import io.stratmon.shipper.TailConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigProblemTest {

    @Test
    void prints_as_file_line_path_message() {
        ConfigProblem p = new ConfigProblem("shipper.max_line_bytes", 12, "must be at least 16 [value=1]");
        assertThat(p.format("stratmon.toml")).isEqualTo("stratmon.toml:12: shipper.max_line_bytes: must be at least 16 [value=1]");
        assertThat(ConfigProblem.of("inputs", "missing").format("stratmon.toml")).isEqualTo("stratmon.toml: inputs: missing");
        assertThat(new ConfigProblem("", 3, "not valid TOML").format("a.toml")).isEqualTo("a.toml:3: not valid TOML");
        assertThat(p).hasToString("line 12: shipper.max_line_bytes: must be at least 16 [value=1]");
    }

    @Test
    void a_record_problem_is_put_under_the_table_it_was_read_from() {
        assertThat(ConfigProblem.of("max_line_bytes", "m").under("shipper").path()).isEqualTo("shipper.max_line_bytes");
        assertThat(ConfigProblem.of("types.qty", "m").under("inputs[2]").path()).isEqualTo("inputs[2].types.qty");
        assertThat(ConfigProblem.of("", "m").under("inputs[2]").path()).isEqualTo("inputs[2]");
        assertThat(ConfigProblem.of("[0]", "m").under("files").path()).isEqualTo("files[0]");
    }

    @Test
    void a_document_finds_the_line_of_a_record_problem_and_lists_problems_in_file_order() {
        TomlDocument doc = TomlDocument.parse("""
                [shipper]
                a = 1

                [[inputs]]
                files = ["x"]
                [inputs.types]
                qty = "long"
                """, "t.toml");
        ConfigTable input = doc.root().tables("inputs").get(0);
        input.strings("files", null);
        ConfigTable types = input.table("types");
        types.string("qty", null);
        types.problem(ConfigProblem.of("qty", "bad"));
        ConfigTable shipper = doc.root().table("shipper");
        shipper.integer("a", 0);
        shipper.problem(ConfigProblem.of("a", "worse"));
        ConfigException e = catchThrowableOfType(ConfigException.class, doc::finish);
        assertThat(e.problems()).containsExactly(new ConfigProblem("shipper.a", 2, "worse"), new ConfigProblem("inputs[0].types.qty", 7, "bad"));
        assertThat(e.getMessage()).isEqualTo("Invalid config t.toml (2 problems):\n  t.toml:2: shipper.a: worse\n  t.toml:7: inputs[0].types.qty: bad");
    }

    @Test
    void records_report_problems_with_the_key_path_of_stratmon_toml() {
        ShipperConfig c = ShipperConfig.of(List.of("a"), "http://127.0.0.1:9000", Path.of("s"))
                .withTail(TailConfig.defaults().withMaxLineBytes(1)).withMaxBatchRows(0);
        assertThat(c.problems()).containsExactly(
                ConfigProblem.of("shipper.max_line_bytes", "must be at least 16 [value=1]"),
                ConfigProblem.of("shipper.batch_max_rows", "must be positive [value=0]"));
    }

    @Test
    void dedup_over_tcp_is_off_by_default_and_refused_when_asked_for() {
        ShipperConfig tcp = ShipperConfig.of(List.of("a"), "tcp://127.0.0.1:9009", Path.of("s"));
        assertThat(tcp.dedup()).isFalse();
        assertThat(tcp.problems()).isEmpty();
        assertThat(tcp.withDedup(true).problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("shipper.dedup");
            assertThat(p.message()).contains("needs ILP over HTTP");
        });
        assertThat(ShipperConfig.of(List.of("a"), "http://127.0.0.1:9000", Path.of("s")).dedup()).isTrue();
    }
}
