package io.stratmon.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.stratmon.dashboard.model.DashboardCatalog;
import io.stratmon.dashboard.model.Panel;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every rollup of the default dashboard answers what its raw SQL answers, on the same data: the default dashboard
 * against a copy of it without its {@code [panels.rollup]} sections, panel by panel, for a range that ends now, under
 * host and symbol choices, and for fixed ranges (which read the views only when no raw row follows their end).
 */
class DashboardRollupsIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    static Javalin app;
    static Http http;
    @TempDir
    static Path dashboards;

    @BeforeAll
    static void start() throws Exception {
        // Three hours up to two minutes ago, irregular timestamps, two hosts and two symbols; no position, pnl or heartbeat table.
        long start = NOW.minus(Duration.ofHours(3)).toEpochMilli() * 1000;
        long span = Duration.ofHours(3).minusMinutes(2).toMillis() * 1000;
        table("price", "level SYMBOL, symbol SYMBOL, host SYMBOL, bid DOUBLE, ask DOUBLE, last DOUBLE",
                "'INFO', rnd_symbol('AAA','BBB'), rnd_symbol('a','b'), 99 + rnd_double(), 101 + rnd_double(), 100 + rnd_double()", 30_000, start, span);
        table("order_sent", "symbol SYMBOL, host SYMBOL, qty DOUBLE", "rnd_symbol('AAA','BBB'), rnd_symbol('a','b'), rnd_double()", 3000, start, span);
        table("fill", "symbol SYMBOL, host SYMBOL, latency_us LONG", "rnd_symbol('AAA','BBB'), rnd_symbol('a','b'), rnd_long(100, 9000, 0)", 2000, start, span);
        table("order_rejected", "level SYMBOL, symbol SYMBOL, host SYMBOL", "rnd_symbol('WARN','INFO'), rnd_symbol('AAA','BBB'), rnd_symbol('a','b')", 500, start, span);
        table("error", "level SYMBOL, host SYMBOL", "rnd_symbol('ERROR','WARN'), rnd_symbol('a','b')", 300, start, span);
        String raw;
        try (InputStream in = DashboardCatalog.class.getResourceAsStream("/dashboards/default.toml")) {
            raw = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?ms)^\\[panels\\.rollup\\].*?(?=^\\[\\[panels\\]\\])", "");
        }
        assertThat(raw).doesNotContain("rollup]");
        Files.writeString(dashboards.resolve("raw.toml"), raw);
        app = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0).withDashboardsDir(dashboards)).start();
        http = new Http("http://127.0.0.1:" + app.port());
    }

    private static void table(String name, String columns, String values, int rows, long startMicros, long spanMicros) {
        questdb.query("CREATE TABLE " + name + " (timestamp TIMESTAMP, " + columns + ") TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        long step = spanMicros / rows;
        questdb.query("INSERT INTO " + name + " SELECT cast(" + startMicros + " + x * " + step + " + rnd_long(0, " + (step - 1) + ", 0) as timestamp), "
                + values + " FROM long_sequence(" + rows + ")");
        questdb.awaitRowCount(name, rows);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    static List<Panel> rolledUp() {
        return new DashboardCatalog(null).dashboard("default").orElseThrow().panels().stream().filter(p -> p.rollup() != null).toList();
    }

    @Test
    void every_rollup_answers_what_its_raw_statements_answer_for_a_range_that_ends_now() {
        assertThat(rolledUp()).extracting(Panel::id).contains("price", "orders", "levels", "rows-per-second");
        for (Panel p : rolledUp()) sameAnswers(p, "range=3h&w=100", true);
    }

    @Test
    void rollups_answer_what_the_raw_tables_answer_under_a_host_and_a_symbol_choice() {
        // The count views carry host and symbol ($__keys); price_1m has no host, so price reads its raw table then.
        for (Panel p : rolledUp()) sameAnswers(p, "range=3h&w=100&var-host=a&var-symbol=AAA", !p.id().equals("price"));
        for (Panel p : rolledUp()) sameAnswers(p, "range=3h&w=100&var-symbol=BBB", true);
    }

    @Test
    void a_fixed_range_reads_the_views_only_when_no_raw_row_follows_its_end_within_the_minute() {
        Instant mid = NOW.minus(Duration.ofMinutes(61)).plusSeconds(30); // rows follow it within its minute in every table
        String inside = "from=" + mid.minus(Duration.ofHours(1)) + "&to=" + mid + "&w=30";
        String after = "from=" + NOW.minus(Duration.ofHours(2)) + "&to=" + NOW.minusSeconds(30) + "&w=60"; // data ends 2 min ago
        for (Panel p : rolledUp()) {
            sameAnswers(p, after, true);
            sameAnswers(p, inside, false);
        }
    }

    /** The panel of the default dashboard and of its raw copy agree (once QuestDB has filled the views). */
    private static void sameAnswers(Panel panel, String query, boolean viaRollup) {
        String path = "/panels/" + panel.id() + "?" + query;
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode rolled = http.get("/api/dashboards/default" + path).json();
            JsonNode raw = http.get("/api/dashboards/raw" + path).json();
            assertThat(rolled.path("state").asText()).as(panel.id() + " " + rolled).isEqualTo("ok");
            assertThat(rolled.path("intervalMs").asLong()).as(panel.id()).isGreaterThanOrEqualTo(60_000);
            if (viaRollup) assertThat(rolled.path("rollup").asText()).as(panel.id() + " " + query).isEqualTo(panel.rollup().names());
            else assertThat(rolled.path("rollup").isNull()).as(panel.id() + " " + query).isTrue();
            assertThat(raw.path("rollup").isNull()).isTrue();
            assertThat(rolled.path("data")).as(panel.id() + " " + query).isEqualTo(raw.path("data"));
            double total = 0;
            for (JsonNode s : rolled.path("data").path("series")) for (JsonNode v : s.path("values")) total += v.asDouble();
            assertThat(total).as(panel.id() + ": the comparison is over data, not two empty answers").isGreaterThan(0);
        });
    }
}
