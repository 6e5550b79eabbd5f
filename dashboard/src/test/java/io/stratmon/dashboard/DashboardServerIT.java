package io.stratmon.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardServerIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
    static Javalin app;
    static String base;

    @BeforeAll
    static void start() {
        // 20,000 rows per symbol, one every 100 ms over 2000 s: far more than a chart may receive.
        questdb.query("CREATE TABLE price (timestamp TIMESTAMP, symbol SYMBOL, last DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO price SELECT dateadd('T', cast(x * 100 as int), '" + START + "'), "
                + "rnd_symbol('AAA','BBB'), cast(x as double) FROM long_sequence(40000)");
        questdb.awaitRowCount("price", 40000);
        app = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0)).start();
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void series_are_downsampled_in_sql_to_at_most_max_points_whatever_the_range() throws Exception {
        HttpResponse<String> res = get("/api/series/price?from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00Z");
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.path("x").size()).isBetween(100, 2000);
        assertThat(body.path("series").fieldNames()).toIterable().containsExactly("AAA", "BBB");
        assertThat(body.path("series").path("AAA").size()).isEqualTo(body.path("x").size());
        // Bucket = 1 h / 1999 -> 1801 ms; the data lasts 4000 s -> about 2200 buckets would exceed; 1 h caps it.
        assertThat(body.path("bucketMillis").asLong()).isEqualTo(1801);
        // x is epoch seconds; buckets are calendar-aligned, so the first may start up to one bucket before the range.
        double first = body.path("x").get(0).asDouble();
        assertThat(first).isBetween(START.getEpochSecond() - 1.801, START.getEpochSecond() + 0.0);
        // The last value of the last bucket is the highest x of the data (values grow with time).
        JsonNode a = body.path("series").path("AAA");
        JsonNode b = body.path("series").path("BBB");
        double lastA = a.get(a.size() - 1).asDouble(), lastB = b.get(b.size() - 1).asDouble();
        assertThat(Math.max(lastA, lastB)).isEqualTo(35999.0); // x=36000 is at exactly `to`, which is excluded

        JsonNode week = JSON.readTree(get("/api/series/price?from=2026-11-21T10:00:00Z&to=2026-11-28T10:00:00Z").body());
        assertThat(week.path("x").size()).isLessThanOrEqualTo(2000).isPositive();
    }

    @Test
    void lists_tables_and_serves_the_page_and_uplot() throws Exception {
        assertThat(JSON.readTree(get("/api/tables").body()).toString()).contains("\"price\"");
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("uPlot.iife.min.js", "app.js");
        assertThat(get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").statusCode()).isEqualTo(200);
        assertThat(get("/app.js").body()).contains("/api/series/");
    }

    @Test
    void refuses_unknown_charts_and_bad_ranges_with_400() throws Exception {
        HttpResponse<String> unknown = get("/api/series/drop_table");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown chart");
        assertThat(get("/api/series/price?range=forever").statusCode()).isEqualTo(400);
        assertThat(get("/api/series/price?from=2026-11-27T11:00:00Z&to=2026-11-27T10:00:00Z").statusCode()).isEqualTo(400);
    }
}
