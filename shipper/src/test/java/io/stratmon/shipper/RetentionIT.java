package io.stratmon.shipper;

import io.stratmon.shipper.sink.Retention;
import io.stratmon.shipper.sink.RetentionKeeper;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** [retention] against a real QuestDB: TTL at creation, ALTER on what exists, old partitions dropped. */
class RetentionIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    private static Retention retention() {
        Map<String, Duration> rules = new LinkedHashMap<>();
        rules.put("ret_view_1d", Duration.ofDays(365));
        rules.put("ret_*", Duration.ofDays(2));
        return new Retention(null, rules);
    }

    private static String line(Instant t, int n) {
        return "{\"timestamp\":\"" + t + "\",\"event\":\"ret_ticks\",\"n\":" + n + "}\n";
    }

    @Test
    void old_partitions_go_away_once_newer_rows_are_more_than_the_ttl_past_them() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant old = now.minus(Duration.ofDays(10));
        Path log = dir.resolve("ticks.jsonl");
        Files.writeString(log, line(old, 1) + line(old.plusSeconds(1), 2) + line(old.plusSeconds(2), 3));
        ShipperConfig config = ShipperConfig.of(List.of(log.toString()), questdb.httpUrl(), dir.resolve("state"))
                .withCredentials(questdb.username(), questdb.password()).withRetention(retention()).withMetricsInterval(Duration.ZERO);
        try (Shipper shipper = Shipper.start(config)) {
            // The newest row is the reference time: the old rows are all there is, so they stay.
            questdb.awaitRowCount("ret_ticks", 3);
            assertThat(questdb.query("SELECT ttlValue, ttlUnit FROM tables() WHERE table_name = 'ret_ticks'").toTsv())
                    .isEqualTo("ttlValue\tttlUnit\n2\tDAY\n");
            long partitions = questdb.query("SELECT count() FROM table_partitions('ret_ticks')").longValue(0, 0);
            assertThat(partitions).isEqualTo(1);
            Files.writeString(log, line(now, 4), StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(questdb.query("SELECT n FROM ret_ticks ORDER BY timestamp").toTsv()).isEqualTo("n\n4.0\n"));
        }
        assertThat(questdb.query("SELECT count() FROM table_partitions('ret_ticks')").longValue(0, 0)).isEqualTo(1);
    }

    @Test
    void existing_tables_and_views_get_their_ttl_and_what_quest_db_refuses_or_no_rule_names_is_left_alone() {
        questdb.query("CREATE TABLE ret_existing (timestamp TIMESTAMP, v DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("CREATE TABLE ret_monthly (timestamp TIMESTAMP, v DOUBLE) TIMESTAMP(timestamp) PARTITION BY MONTH WAL");
        questdb.query("CREATE TABLE ret_flat (timestamp TIMESTAMP, v DOUBLE)");
        questdb.query("CREATE TABLE untouched (timestamp TIMESTAMP, v DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY TTL 5 DAYS WAL");
        questdb.query("CREATE MATERIALIZED VIEW ret_view_1d AS (SELECT timestamp, count() c FROM ret_existing SAMPLE BY 1d)"
                + " PARTITION BY MONTH");
        questdb.query("CREATE MATERIALIZED VIEW ret_view_1h AS (SELECT timestamp, count() c FROM ret_existing SAMPLE BY 1h)"
                + " PARTITION BY DAY");
        // A new materialized view shows in tables() once QuestDB has set it up: the keeper acts on what it lists.
        questdb.assertSqlEventually("n\n6\n", "SELECT count() AS n FROM tables() WHERE table_name IN"
                + " ('ret_existing', 'untouched', 'ret_view_1h', 'ret_flat', 'ret_monthly', 'ret_view_1d')");
        questdb.assertSqlEventually("n\n2\n", "SELECT count() AS n FROM materialized_views() WHERE view_name IN ('ret_view_1d', 'ret_view_1h')");
        RetentionKeeper keeper = new RetentionKeeper(questdb.sql(), retention());
        List<String> ran = keeper.apply();
        assertThat(ran).containsExactlyInAnyOrder("ALTER TABLE 'ret_existing' SET TTL 2 DAYS",
                        "ALTER MATERIALIZED VIEW 'ret_view_1h' SET TTL 2 DAYS", "ALTER TABLE 'ret_monthly' SET TTL 1 MONTHS",
                        "ALTER MATERIALIZED VIEW 'ret_view_1d' SET TTL 14 MONTHS")
                .noneMatch(s -> s.contains("untouched") || s.contains("ret_flat"));
        // An ALTER of a WAL table is applied by the WAL apply job: tables() shows the TTL once it has run.
        questdb.assertSqlEventually("table_name\tttlValue\tttlUnit\nret_existing\t2\tDAY\nret_flat\t0\tHOUR\nret_monthly\t1\tMONTH\n"
                        + "ret_view_1d\t14\tMONTH\nret_view_1h\t2\tDAY\nuntouched\t5\tDAY\n",
                "SELECT table_name, ttlValue, ttlUnit FROM tables() WHERE table_name IN"
                        + " ('ret_existing', 'untouched', 'ret_view_1h', 'ret_flat', 'ret_monthly', 'ret_view_1d') ORDER BY table_name");
        // The second round has nothing left to do.
        assertThat(keeper.apply()).isEmpty();
    }
}
