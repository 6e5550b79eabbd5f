package io.stratmon.app.config;

import io.stratmon.shipper.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertsSectionTest {
    private static final String INPUTS = "[[inputs]]\nfiles = [\"logs/*.jsonl\"]\n";

    @Test
    void reads_the_alerts_section_with_its_targets() {
        StratmonConfig c = ConfigLoader.parse("""
                [alerts]
                rules = ["alerts/*.yml", "builtin"]
                evaluation_interval = "5s"
                resend_delay = "2m"
                [[alerts.alertmanager]]
                url = "http://127.0.0.1:9093"
                [[alerts.alertmanager]]
                url = "http://127.0.0.1:9094"
                [[alerts.webhook]]
                url = "http://127.0.0.1:8080/hook"
                """ + INPUTS, "t.toml", Map.of(), true);
        assertThat(c.alerts().enabled()).isTrue();
        assertThat(c.alerts().rules()).containsExactly("alerts/*.yml", "builtin");
        assertThat(c.alerts().evaluationInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.alerts().resendDelay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.alerts().alertmanagers()).containsExactly("http://127.0.0.1:9093", "http://127.0.0.1:9094");
        assertThat(c.alerts().webhooks()).containsExactly("http://127.0.0.1:8080/hook");
    }

    @Test
    void no_section_means_alerting_is_off() {
        assertThat(ConfigLoader.parse(INPUTS, "t.toml", Map.of(), true).alerts().enabled()).isFalse();
    }

    @Test
    void every_problem_of_the_section_is_reported_with_its_key() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                [alerts]
                rules = ["a.yml"]
                evaluation_interval = "10"
                resend_delay = "0s"
                max_rows = 0
                evaluaton = 1
                [[alerts.alertmanager]]
                url = "ftp://x"
                [[alerts.webhook]]
                """ + INPUTS, "t.toml", Map.of(), true))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).messages()).anySatisfy(p -> assertThat(p).contains("alerts.evaluation_interval").contains("not a duration [value=10]"))
                        .anySatisfy(p -> assertThat(p).contains("alerts.resend_delay").contains("more than 0"))
                        .anySatisfy(p -> assertThat(p).contains("alerts.max_rows"))
                        .anySatisfy(p -> assertThat(p).contains("alerts.evaluaton").contains("unknown key"))
                        .anySatisfy(p -> assertThat(p).contains("alerts.alertmanager[0].url").contains("http://"))
                        .anySatisfy(p -> assertThat(p).contains("alerts.webhook[0].url")));
    }
}
