package io.stratmon.app.config;

import io.stratmon.shipper.config.ConfigException;
import io.stratmon.shipper.sink.Retention;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code [retention]} in stratmon.toml: a default and table globs, validated by key, printed by check-config. */
class RetentionConfigTest {
    private static final String INPUT = "[[inputs]]\nfiles = [\"a.log\"]\n";

    private static StratmonConfig load(String toml) {
        return ConfigLoader.parse(toml + INPUT, "test.toml", Map.of(), true);
    }

    private static List<String> problems(String toml) {
        return catchThrowableOfType(ConfigException.class, () -> load(toml)).messages();
    }

    @Test
    void a_default_and_table_globs_in_file_order_make_the_effective_retention() {
        Retention r = load("""
                [retention]
                default = "30d"
                "price*" = "1w"
                price_1m = "365d"
                forever = "0"
                """).shipper().retention();
        assertThat(r.defaultTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(RetentionSection.effective(r, List.of("price", "price_1m", "fill", "forever", "stratmon_shipper", "stratmon_alerts")))
                .containsExactly("price: 7d (price*)", "price_1m: 365d (price_1m)", "fill: 30d (default)", "forever: forever (forever)",
                        "stratmon_shipper: 7d (built-in)", "stratmon_alerts: 90d (built-in)");
    }

    @Test
    void without_the_section_only_stratmons_own_tables_have_a_ttl() {
        Retention r = load("").shipper().retention();
        assertThat(r).isEqualTo(Retention.defaults());
        assertThat(r.ttlFor("fill")).isNull();
        assertThat(r.ttlFor("stratmon_shipper")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void an_agent_on_an_external_quest_db_without_the_section_leaves_every_ttl_alone() {
        Retention r = load("[questdb]\nurl = \"http://127.0.0.1:9000\"\n").shipper().retention();
        assertThat(r).isEqualTo(Retention.NONE);
        assertThat(r.appliesToAny()).isFalse();
        assertThat(load("[questdb]\nurl = \"http://127.0.0.1:9000\"\n[retention]\n").shipper().retention().ttlFor("stratmon_alerts"))
                .isEqualTo(Duration.ofDays(90));
    }

    @Test
    void a_ttl_finer_than_a_day_or_not_a_duration_is_a_problem_naming_the_key_and_its_line() {
        assertThat(problems("""
                [retention]
                default = "36h"
                "price*" = "7"
                fills = "2d"
                ticks = "90m"
                """)).containsExactly(
                "test.toml:2: retention.default: must be a whole number of days [value=1d12h]: QuestDB drops whole partitions, and the"
                        + " tables stratmon and ILP create are partitioned by day; \"0\" keeps rows forever",
                "test.toml:3: retention.price*: not a duration [value=7]: a number needs a unit, e.g. 7s or 7ms (e.g. 500ms, 10s,"
                        + " 1h30m, 2d, 1w or ISO PT10S)",
                "test.toml:5: retention.ticks: must be a whole number of days [value=1h30m]: QuestDB drops whole partitions, and the"
                        + " tables stratmon and ILP create are partitioned by day; \"0\" keeps rows forever");
    }

    @Test
    void check_config_prints_the_rules_and_the_built_in_ones() {
        String toml = EffectiveConfig.toml(load("[retention]\ndefault = \"30d\"\n\"price*\" = \"7d\"\n"), false);
        assertThat(toml).contains("[retention]\ndefault = \"30d\"\n\"price*\" = \"7d\"\n"
                + "# stratmon_alerts = \"90d\"  # built-in\n# stratmon_shipper = \"7d\"  # built-in\n");
        assertThat(EffectiveConfig.toml(load(""), false)).contains("# other tables: kept forever (no default)");
    }
}
