package io.stratmon.alerts;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTest {
    private static String expand(String template, double value) {
        return Template.compile(template).expand(Map.of("symbol", "SOL-USD"), value);
    }

    @Test
    void expands_labels_and_the_value_as_go_prints_them() {
        assertThat(expand("{{ $labels.symbol }}: no price for {{ $value }} s", 42)).isEqualTo("SOL-USD: no price for 42 s");
        assertThat(expand("{{$value}}", 0.5)).isEqualTo("0.5");
        assertThat(expand("{{ $value }}", 1e21)).isEqualTo("1e+21");
        assertThat(expand("{{ $value }}", 0.00001)).isEqualTo("1e-05");
        assertThat(expand("{{ $value }}", Double.NaN)).isEqualTo("NaN");
        assertThat(expand("{{ .Labels.symbol }} {{ .Value }}", 3)).isEqualTo("SOL-USD 3");
        assertThat(expand("[{{ $labels.missing }}]", 3)).isEqualTo("[]");
        assertThat(expand("plain text", 3)).isEqualTo("plain text");
    }

    @Test
    void formatting_functions_as_prometheus() {
        assertThat(expand("{{ $value | humanize }}", 1234567)).isEqualTo("1.235M");
        assertThat(expand("{{ humanize $value }}", 0.0012)).isEqualTo("1.2m");
        assertThat(expand("{{ $value | humanize1024 }}", 2048)).isEqualTo("2Ki");
        assertThat(expand("{{ $value | humanizeDuration }}", 95)).isEqualTo("1m 35s");
        assertThat(expand("{{ $value | humanizeDuration }}", 90061)).isEqualTo("1d 1h 1m 1s");
        assertThat(expand("{{ $value | humanizeDuration }}", 0.25)).isEqualTo("250ms");
        assertThat(expand("{{ $value | humanizeDuration }}", 12)).isEqualTo("12s");
        assertThat(expand("{{ $value | humanizePercentage }}", 0.1234)).isEqualTo("12.34%");
        assertThat(expand("{{ printf \"%.2f\" $value }}", 3.14159)).isEqualTo("3.14");
        assertThat(expand("{{ printf \"%d errors on %s\" $value $labels.symbol }}", 31)).isEqualTo("31 errors on SOL-USD");
        assertThat(expand("{{ $value | printf \"%.1f\" }}", 2.26)).isEqualTo("2.3");
        assertThat(expand("{{ $labels.symbol | toLower }}", 0)).isEqualTo("sol-usd");
        assertThat(expand("{{ $labels.symbol | toUpper | toLower }}", 0)).isEqualTo("sol-usd");
        assertThat(expand("{{ \"stale feed\" | title }}", 0)).isEqualTo("Stale Feed");
    }

    @Test
    void whitespace_trim_markers_work() {
        assertThat(expand("a   {{- $value -}}   b", 1)).isEqualTo("a1b");
    }

    @Test
    void unknown_functions_variables_and_broken_actions_are_refused_at_compile_time() {
        assertThatThrownBy(() -> Template.compile("{{ $value | humanise }}")).hasMessageContaining("unknown function 'humanise'")
                .hasMessageContaining("humanizeDuration");
        assertThatThrownBy(() -> Template.compile("{{ $lables.symbol }}")).hasMessageContaining("unknown value '$lables.symbol'");
        assertThatThrownBy(() -> Template.compile("{{ $value")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> Template.compile("{{ }}")).hasMessageContaining("empty action");
        assertThatThrownBy(() -> Template.compile("{{ if $value }}x{{ end }}")).hasMessageContaining("unknown function 'if'");
        assertThatThrownBy(() -> Template.compile("{{ printf \"%.2f %d\" $value }}")).hasMessageContaining("needs more arguments");
        assertThatThrownBy(() -> Template.compile("{{ printf \"%q\" $value }}")).hasMessageContaining("printf");
        assertThatThrownBy(() -> Template.compile("{{ $value $value }}")).hasMessageContaining("cannot take arguments");
    }
}
