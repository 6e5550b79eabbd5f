package io.stratmon.app.config;

import io.stratmon.shipper.HostName;
import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code [inputs.labels]} in stratmon.toml: read, defaulted, expanded from the environment, validated by key. */
class LabelsConfigTest {
    private static StratmonConfig load(String toml, Map<String, String> env) {
        return ConfigLoader.parse(toml, "test.toml", env, true);
    }

    private static List<String> problems(String toml, Map<String, String> env) {
        return catchThrowableOfType(ConfigException.class, () -> load(toml, env)).messages();
    }

    @Test
    void labels_are_read_in_order_with_environment_variables_expanded() {
        StratmonConfig c = load("""
                [[inputs]]
                files = ["a.log"]
                [inputs.labels]
                host = "${BOX}"
                strategy = "mm-btc"
                [[inputs]]
                files = ["b.log"]
                labels = { strategy = "${STRAT:-arb}", host = "" }
                """, Map.of("BOX", "web 1"));
        InputConfig a = c.shipper().inputs().get(0), b = c.shipper().inputs().get(1);
        assertThat(a.labelValues()).containsExactly(Map.entry("host", "web 1"), Map.entry("strategy", "mm-btc"));
        assertThat(a.hostId()).isEqualTo("web 1");
        assertThat(b.labels().columns()).extracting(col -> col.name() + "=" + col.value()).containsExactly("strategy=arb");
        assertThat(b.hostId()).as("host = \"\": no column, the machine's name in _src").isEqualTo(HostName.local());
    }

    @Test
    void host_defaults_to_the_machines_host_name_and_so_does_an_unexported_hostname_variable() {
        StratmonConfig c = load("""
                [[inputs]]
                files = ["a.log"]
                [[inputs]]
                files = ["b.log"]
                labels = { host = "${HOSTNAME}" }
                """, Map.of());
        assertThat(c.shipper().inputs()).extracting(i -> i.labelValues().get("host")).containsExactly(HostName.local(), HostName.local());
    }

    @Test
    void an_unset_variable_is_a_problem_naming_the_key_and_its_line() {
        assertThat(problems("""
                [shipper]
                dedup = true
                [[inputs]]
                files = ["a.log"]
                [[inputs]]
                files = ["b.log"]
                [inputs.labels]
                strategy = "${STRATEGY}"
                """, Map.of())).containsExactly("test.toml:8: inputs[1].labels.strategy: environment variable STRATEGY is not set"
                + " [reference=${STRATEGY}] (set it, or write ${STRATEGY:-default})");
    }

    @Test
    void bad_label_names_and_values_are_problems_naming_the_label_and_its_line() {
        assertThat(problems("""
                [[inputs]]
                files = ["a.log"]
                [inputs.labels]
                "a-b" = "x"
                _offset = "y"
                n = 5
                """, Map.of())).containsExactly(
                "test.toml:4: inputs[0].labels.a-b: not a column name QuestDB accepts (no . , ' \" \\ / : ( ) + - * % ~ ?, spaces or"
                        + " control characters, at most 127 characters); did you mean a_b?",
                "test.toml:5: inputs[0].labels._offset: is one of the shipper's own columns (timestamp, _src, _offset): choose another name",
                "test.toml:6: inputs[0].labels.n: expected a string, got an integer [value=5]");
    }

    @Test
    void check_config_prints_the_effective_labels() {
        StratmonConfig c = load("[[inputs]]\nfiles = [\"a.log\"]\n[inputs.labels]\nstrategy = \"mm\"\n", Map.of());
        assertThat(EffectiveConfig.toml(c, false)).contains("labels = { \"host\" = \"" + HostName.local() + "\", \"strategy\" = \"mm\" }");
    }
}
