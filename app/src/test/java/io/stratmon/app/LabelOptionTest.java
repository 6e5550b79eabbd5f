package io.stratmon.app;

import io.stratmon.shipper.HostName;
import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.shipper.mapping.Labels;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelOptionTest {
    private final ShipperConfig config = ShipperConfig.of(List.of("a.log"), "http://127.0.0.1:1", Path.of("state"))
            .withInputs(List.of(InputConfig.of(List.of("a.log")),
                    InputConfig.of(List.of("b.log")).withLabels(Labels.of(Map.of("host", "box", "strategy", "arb")))));

    @Test
    void inputs_without_a_host_get_the_machines_host_name_and_label_options_win_over_the_config() {
        ShipperConfig c = LabelOption.apply(config, List.of("strategy=mm-btc", "empty="));
        assertThat(c.inputs().get(0).labelValues()).containsEntry("host", HostName.local()).containsEntry("strategy", "mm-btc");
        assertThat(c.inputs().get(1).labelValues()).containsEntry("host", "box").containsEntry("strategy", "mm-btc");
        assertThat(c.inputs().get(1).labels().columns()).extracting(col -> col.name()).containsExactly("host", "strategy");
        assertThat(LabelOption.apply(config, List.of("host=")).inputs()).allMatch(i -> i.labels().host() == null);
    }

    @Test
    void a_label_option_without_a_name_and_an_equals_sign_is_refused_with_an_example() {
        assertThatThrownBy(() -> LabelOption.apply(config, List.of("strategy")))
                .hasMessage("--label must be NAME=VALUE, e.g. --label strategy=mm-btc [value=strategy]");
        assertThatThrownBy(() -> LabelOption.apply(config, List.of("=x"))).hasMessageContaining("[value==x]");
    }
}
