package io.stratmon.shipper.sink;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionTest {
    private static Retention retention(Duration defaultTtl, Object... kv) {
        Map<String, Duration> rules = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) rules.put((String) kv[i], (Duration) kv[i + 1]);
        return new Retention(defaultTtl, rules);
    }

    @Test
    void an_exact_name_beats_a_glob_the_first_glob_wins_and_the_default_takes_the_rest() {
        Retention r = retention(Duration.ofDays(30), "price*", Duration.ofDays(7), "p*", Duration.ofDays(3),
                "price_1m", Duration.ofDays(365));
        assertThat(r.ttlFor("price")).isEqualTo(Duration.ofDays(7));
        assertThat(r.ruleFor("PRICE_log")).isEqualTo("price*");
        assertThat(r.ttlFor("pnl")).isEqualTo(Duration.ofDays(3));
        assertThat(r.ttlFor("Price_1M")).isEqualTo(Duration.ofDays(365));
        assertThat(r.ttlFor("fill")).isEqualTo(Duration.ofDays(30));
        assertThat(r.ruleFor("fill")).isEqualTo("default");
    }

    @Test
    void stratmons_own_tables_have_a_default_unless_a_key_names_them_and_others_keep_everything_without_one() {
        Retention none = Retention.defaults();
        assertThat(none.ttlFor("stratmon_shipper")).isEqualTo(Duration.ofDays(7));
        assertThat(none.ttlFor("stratmon_alerts")).isEqualTo(Duration.ofDays(90));
        assertThat(none.ttlFor("fill")).isNull();
        assertThat(none.createClause("fill")).isEmpty();
        assertThat(Retention.NONE.ttlFor("stratmon_shipper")).isNull();
        assertThat(Retention.NONE.appliesToAny()).isFalse();
        assertThat(retention(null, "stratmon_*", Duration.ofDays(1)).ttlFor("stratmon_alerts")).isEqualTo(Duration.ofDays(1));
        assertThat(retention(null, "fill", Duration.ZERO).createClause("fill")).isEmpty();
        assertThat(retention(null, "fill", Duration.ofDays(14)).createClause("fill")).isEqualTo(" TTL 14 DAYS");
    }

    @Test
    void a_ttl_that_is_not_a_whole_number_of_days_is_a_problem_naming_its_key() {
        assertThat(retention(Duration.ofHours(36), "price*", Duration.ofMinutes(90), "ok", Duration.ofDays(2)).problems())
                .extracting(Object::toString)
                .containsExactly("default: must be a whole number of days [value=1d12h]: QuestDB drops whole partitions, and the"
                                + " tables stratmon and ILP create are partitioned by day; \"0\" keeps rows forever",
                        "price*: must be a whole number of days [value=1h30m]: QuestDB drops whole partitions, and the"
                                + " tables stratmon and ILP create are partitioned by day; \"0\" keeps rows forever");
    }

    @Test
    void a_table_partitioned_by_week_month_or_year_gets_the_ttl_rounded_up_to_whole_partitions() {
        assertThat(RetentionKeeper.ttl(Duration.ofDays(30), "DAY")).isEqualTo("30 DAYS");
        assertThat(RetentionKeeper.ttl(Duration.ofDays(30), "HOUR")).isEqualTo("30 DAYS");
        assertThat(RetentionKeeper.ttl(Duration.ofDays(10), "WEEK")).isEqualTo("2 WEEKS");
        assertThat(RetentionKeeper.ttl(Duration.ofDays(365), "MONTH")).isEqualTo("14 MONTHS");
        assertThat(RetentionKeeper.ttl(Duration.ofDays(366), "YEAR")).isEqualTo("2 YEARS");
        assertThat(RetentionKeeper.ttl(Duration.ZERO, "MONTH")).isEqualTo("0 DAYS");
    }

    @Test
    void quest_dbs_listed_ttl_is_compared_in_hours_for_fixed_units() {
        assertThat(RetentionKeeper.listed(2, "DAY")).isEqualTo(RetentionKeeper.normalized("48 HOURS")).isEqualTo("48h");
        assertThat(RetentionKeeper.listed(1, "WEEK")).isEqualTo(RetentionKeeper.normalized("7 DAYS"));
        assertThat(RetentionKeeper.listed(14, "MONTH")).isEqualTo(RetentionKeeper.normalized("14 MONTHS"));
        assertThat(RetentionKeeper.listed(0, "HOUR")).isEqualTo(RetentionKeeper.normalized("0 DAYS"));
    }
}
