package io.stratmon.app.config;

import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check-config} shows the retention each table gets: with QuestDB reachable (a real embedded one, logged in as
 * the config says), every table with stratmon's TTL, the key that decided it and QuestDB's TTL now, differences
 * marked; without it, one line saying so and the rules with an example name for each.
 */
class RetentionReportTest {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result checkConfig(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            List<String> all = new ArrayList<>(List.of("check-config"));
            all.addAll(List.of(args));
            return new Result(io.stratmon.app.Main.run(all.toArray(String[]::new)), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The report's row for a table, its columns split on runs of two spaces or more. */
    private static List<String> row(String out, String table) {
        for (String line : out.lines().toList()) {
            if (line.startsWith("#   " + table + " ")) return List.of(line.substring(4).split(" {2,}"));
        }
        throw new AssertionError("no row for " + table + " in:\n" + out);
    }

    @Test
    void with_quest_db_reachable_every_table_shows_the_ttl_stratmon_applies_its_key_and_what_quest_db_has_now() throws Exception {
        questdb.query("CREATE TABLE IF NOT EXISTS rr_price (timestamp TIMESTAMP, bid DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("CREATE TABLE IF NOT EXISTS rr_fill (timestamp TIMESTAMP, qty DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY TTL 30 DAYS WAL");
        questdb.query("CREATE TABLE IF NOT EXISTS rr_flat (timestamp TIMESTAMP, v DOUBLE)");
        questdb.query("CREATE TABLE IF NOT EXISTS stratmon_shipper (timestamp TIMESTAMP, v DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY TTL 7 DAYS WAL");
        questdb.query("CREATE MATERIALIZED VIEW IF NOT EXISTS rr_price_1m AS (SELECT timestamp, last(bid) bid FROM rr_price SAMPLE BY 1m) PARTITION BY MONTH");
        Path config = dir.resolve("central.toml");
        Files.writeString(config, """
                [questdb]
                url = "%s"
                username = "%s"
                password = "%s"
                [retention]
                default = "30d"
                rr_price_1m = "365d"
                "rr_price*" = "7d"
                "rr_*" = "1d"
                """.formatted(questdb.httpUrl(), questdb.username(), questdb.password()));
        Result r = checkConfig(config.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("# Retention per table\n", "# QuestDB " + questdb.httpUrl() + " has ",
                "#   table ", "stratmon applies", "QuestDB has");
        assertThat(row(r.out(), "rr_price")).containsExactly("rr_price", "table", "7d", "rr_price*", "none", "DIFFERS: stratmon sets 7d when it starts");
        assertThat(row(r.out(), "rr_price_1m")).as("an exact name beats the glob; a month-partitioned view gets whole months")
                .containsExactly("rr_price_1m", "view", "14 months", "rr_price_1m", "none", "DIFFERS: stratmon sets 14 months when it starts");
        assertThat(row(r.out(), "rr_fill")).as("the first matching glob wins; QuestDB's 30d differs").containsExactly("rr_fill", "table", "1d", "rr_*", "30d",
                "DIFFERS: stratmon sets 1d when it starts");
        assertThat(row(r.out(), "rr_flat")).containsExactly("rr_flat", "table", "none", "rr_*", "none", "not partitioned: QuestDB cannot give it a TTL");
        assertThat(row(r.out(), "stratmon_shipper")).as("the same: no mark").containsExactly("stratmon_shipper", "stratmon", "7d", "built-in", "7d");
        assertThat(row(r.out(), "stratmon_alerts")).containsExactly("stratmon_alerts", "stratmon", "90d", "built-in", "-", "not created yet");
        assertThat(row(r.out(), "price_1m")).containsExactly("price_1m", "rollup view", "30d", "default", "-", "not created yet");
        String report = r.out().substring(r.out().indexOf("# Retention per table"));
        assertThat(report.lines()).as("every line a comment: the output stays a TOML file").allMatch(l -> l.startsWith("#"));

        // Without a login QuestDB says 401: one line, then the rules.
        Files.writeString(config, Files.readString(config).replaceAll("(?m)^(username|password) = .*\n", ""));
        Result noLogin = checkConfig(config.toString());
        assertThat(noLogin.code()).isZero();
        assertThat(noLogin.out()).contains("# QuestDB at " + questdb.httpUrl() + " asks for a login (HTTP 401): questdb.username/password are missing or wrong:");
    }

    @Test
    void an_embedded_quest_db_is_asked_with_the_login_in_its_data_dir() throws Exception {
        Path data = questdb.db().dataDir();
        Path config = dir.resolve("embedded.toml");
        Files.writeString(config, "[questdb]\ndata_dir = \"%s\"\nhttp_port = %d\n[[inputs]]\nfiles = [\"a.log\"]\n"
                .formatted(data, java.net.URI.create(questdb.httpUrl()).getPort()));
        Result r = checkConfig(config.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("# QuestDB " + questdb.httpUrl() + " has ");
        assertThat(row(r.out(), "stratmon_alerts")).containsExactly("stratmon_alerts", "stratmon", "90d", "built-in", "-", "not created yet");
    }

    @Test
    void without_quest_db_one_line_says_so_and_the_rules_show_which_key_wins_for_an_example_name() throws Exception {
        Path config = dir.resolve("offline.toml");
        Files.writeString(config, """
                [questdb]
                url = "http://127.0.0.1:1"
                [retention]
                default = "30d"
                "p*" = "3d"
                "price*" = "7d"
                price_1m = "365d"
                [[inputs]]
                files = ["a.log"]
                """);
        Result r = checkConfig(config.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsOnlyOnce("# QuestDB at http://127.0.0.1:1 is not reachable: the rules, and which key wins for a few names:\n")
                .contains("# Which key applies to a table: its exact name, else the first glob in file order that matches it");
        assertThat(row(r.out(), "p")).containsExactly("p", "table", "3d", "p*");
        assertThat(row(r.out(), "price")).containsExactly("price", "table", "3d", "p*", "key price* never decides this name: p* comes first");
        assertThat(row(r.out(), "price_1m")).containsExactly("price_1m", "rollup view", "365d", "price_1m");
        assertThat(row(r.out(), "stratmon_shipper")).containsExactly("stratmon_shipper", "stratmon", "7d", "built-in");
        assertThat(row(r.out(), "any_other_table")).containsExactly("any_other_table", "table", "30d", "default");
        assertThat(checkConfig("--offline", config.toString()).out()).contains("# not asking QuestDB (--offline): the rules");

        Files.writeString(config, "[questdb]\nurl = \"tcp://127.0.0.1:1\"\n[[inputs]]\nfiles = [\"a.log\"]\n");
        assertThat(checkConfig(config.toString()).out()).contains("# This config sets no TTL at all",
                "# questdb.url is tcp://, which has no SQL: stratmon can neither ask QuestDB nor set a TTL over it:");
    }

    @Test
    void the_built_in_rollups_are_the_views_of_the_built_in_dashboards() throws Exception {
        List<String> views = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/dashboards/default.toml")) {
            Matcher m = Pattern.compile("(?m)^view = \"([^\"]+)\"").matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            while (m.find()) views.add(m.group(1));
        }
        assertThat(RetentionReport.BUILTIN_ROLLUPS).isEqualTo(views);
    }
}
