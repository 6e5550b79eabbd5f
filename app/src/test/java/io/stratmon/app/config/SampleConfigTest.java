package io.stratmon.app.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample config in the repo is valid and says what the defaults are. */
class SampleConfigTest {
    static final Path SAMPLE = Path.of("../config/stratmon.sample.toml");

    @Test
    void the_sample_config_loads_and_validates() throws Exception {
        StratmonConfig c = ConfigLoader.load(SAMPLE, Map.of());
        assertThat(c.questdb().embedded()).isTrue();
        assertThat(c.questdb().dataDir()).isEqualTo(Path.of("stratmon-data/questdb"));
        assertThat(c.shipper().stateDir()).isEqualTo(Path.of("stratmon-data/state"));
        assertThat(c.shipper().inputs()).hasSize(1);
        assertThat(c.shipper().inputs().get(0).files()).containsExactly("stratmon-data/logs/*.jsonl");
        assertThat(c.shipper().inputs().get(0).mapping()).isEqualTo(io.stratmon.shipper.mapping.MappingConfig.defaults());
        assertThat(c.dashboard()).isEqualTo(new StratmonConfig.Dashboard(true, "127.0.0.1", 7300));
        assertThat(c.warnings()).isEmpty();
    }

    /** The sample with its "# key = value" lines (the documented options) switched on; url excludes the embedded-only keys. */
    static String uncommented(String text) {
        return text.replaceAll("(?m)^(\\s*)# ([a-z_]+ = .*)$", "$1$2")
                .replaceAll("(?m)^(\\s*)# (\\[inputs\\.(types|rename|labels)])$", "$1$2")
                .replaceAll("(?m)^\\s*(data_dir|http_port|pg_port|ilp_tcp_port) = .*$", "")
                .replaceAll("(?m)^(\\s*)table = \"app_logs\"$", "");
    }

    @Test
    void every_commented_key_of_the_sample_is_valid_when_uncommented() throws Exception {
        String all = uncommented(java.nio.file.Files.readString(SAMPLE));
        StratmonConfig c = ConfigLoader.parse(all, "sample-uncommented", Map.of("QUESTDB_PASSWORD", "secret"), true);
        assertThat(c.questdb().url()).isEqualTo("http://127.0.0.1:9000");
        assertThat(c.questdb().password()).isEqualTo("secret");
        assertThat(c.shipper().inputs().get(0).mapping().types()).containsKey("qty");
        assertThat(c.shipper().inputs().get(0).mapping().rename()).containsEntry("px", "price");
        assertThat(c.shipper().inputs().get(0).mapping().query()).isEqualTo("data.payload");
        assertThat(c.shipper().inputs().get(0).labelValues()).containsEntry("strategy", "mm-btc")
                .containsEntry("host", io.stratmon.shipper.HostName.local());
    }
}
