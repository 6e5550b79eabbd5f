package io.stratmon.shipper.config;

import io.stratmon.shipper.ShipperConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenAddressTest {
    @Test
    void loopback_addresses_of_every_form_are_loopback() {
        assertThat(ListenAddress.parse("127.0.0.1:9464").loopback()).isTrue();
        assertThat(ListenAddress.parse("127.1.2.3:0").loopback()).isTrue();
        assertThat(ListenAddress.parse("[::1]:9464").loopback()).isTrue();
        assertThat(ListenAddress.parse("localhost:9464").loopback()).isTrue();
        assertThat(ListenAddress.parse("[::1]:9464")).hasToString("[::1]:9464");
    }

    @Test
    void other_addresses_are_not_loopback() {
        assertThat(ListenAddress.parse("0.0.0.0:9464").loopback()).isFalse();
        assertThat(ListenAddress.parse("10.1.2.3:9464").loopback()).isFalse();
        assertThat(ListenAddress.parse("[::]:9464").loopback()).isFalse();
    }

    @Test
    void malformed_addresses_and_host_names_are_refused_with_the_reason() {
        assertThatThrownBy(() -> ListenAddress.parse("9464")).hasMessageContaining("not host:port");
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:")).hasMessageContaining("not host:port");
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:http")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:70000")).hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> ListenAddress.parse("::1:9464")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> ListenAddress.parse("metrics.example.com:9464")).hasMessageContaining("not a host name");
        assertThatThrownBy(() -> ListenAddress.parse("localhost.evil.example:9464")).hasMessageContaining("not a host name");
        assertThatThrownBy(() -> ListenAddress.parse("999.1.1.1:9464")).hasMessageContaining("not an IP address");
    }

    @Test
    void a_non_loopback_metrics_listen_needs_metrics_allow_remote() {
        ShipperConfig c = ShipperConfig.of(List.of("x.log"), "http://127.0.0.1:9000", Path.of("state"));
        assertThat(c.withMetricsListen("127.0.0.1:9464").problems()).isEmpty();
        assertThat(c.withMetricsListen("0.0.0.0:9464").problems()).extracting(ConfigProblem::path).containsExactly("shipper.metrics_listen");
        assertThat(c.withMetricsListen("0.0.0.0:9464").problems().get(0).message()).contains("metrics_allow_remote = true", "--metrics-allow-remote");
        assertThat(c.withMetricsListen("0.0.0.0:9464").withMetricsAllowRemote(true).problems()).isEmpty();
        assertThat(c.withMetricsListen("nonsense").problems()).extracting(ConfigProblem::path).containsExactly("shipper.metrics_listen");
    }
}
