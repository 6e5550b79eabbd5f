package io.stratmon.dashboard;

import io.javalin.Javalin;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.stratmon.dashboard.Http.q;
import static org.assertj.core.api.Assertions.assertThat;

/** Every API route, fed malformed parameters, answers 4xx with a JSON reason: never a 5xx while QuestDB is up. */
class DashboardMalformedInputIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    static Javalin app;
    static Http http;

    static final List<String> BAD_VALUES = List.of("", "-1", "-99999999999999999999", "99999999999999999999", "abc", "1e309",
            "NaN", "+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
            "9999-12-31T23:59:59.999999999Z", "2026-11-27T10:00:00", "\u0000", "\u001b[31m", "\u2028", "\uD800", "日本語", "' OR 1=1 --",
            "5m5m", "9223372036854775807s", "0s", "-5m", "%", "..", "a,b,c:1", "price:-5");

    static final List<String> ROUTES = List.of("/api/dashboards/default/panels/price", "/api/dashboards/default/panels/events",
            "/api/series/price", "/api/explore", "/api/explore/tables", "/api/tables", "/api/dashboards", "/api/dashboards/default");

    static final List<String> PARAMS = List.of("from", "to", "range", "w", "px", "page", "table", "level", "q", "column", "group", "agg");

    @BeforeAll
    static void start() {
        questdb.query("CREATE TABLE price (timestamp TIMESTAMP, level SYMBOL, symbol SYMBOL, bid DOUBLE, ask DOUBLE, last DOUBLE) "
                + "TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO price SELECT dateadd('s', -cast(x as int), now()), 'INFO', 'AAA', x, x + 1, x + 0.5 FROM long_sequence(100)");
        questdb.awaitRowCount("price", 100);
        app = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0)
                .withAdhocSql(true, 100, Duration.ofSeconds(5))).start();
        http = new Http("http://127.0.0.1:" + app.port());
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void every_route_answers_malformed_parameters_without_a_server_error() throws Exception {
        List<String> failures = new ArrayList<>();
        int tried = 0;
        for (String route : ROUTES) {
            for (String param : PARAMS) {
                for (String value : BAD_VALUES) {
                    String extra = param.equals("from") ? "&to=2026-01-01T00:00:00Z" : param.equals("to") ? "&from=2025-12-31T00:00:00Z" : "";
                    String base = route.startsWith("/api/explore?") || route.equals("/api/explore") ? "table=price&column=last&" : "";
                    Http.Answer a = http.get(route + "?" + base + param + "=" + q(value) + extra);
                    tried++;
                    if (a.status() >= 500) failures.add(a.status() + " " + route + " " + param + "=" + value.replace("\u0000", "\\0") + " -> " + a.body());
                    else if (a.status() >= 400 && !a.json().path("error").isTextual()) failures.add("no reason: " + route + " " + param + "=" + value);
                }
            }
        }
        for (String id : List.of("%00", "%E2%80%A8", "..%2F..", "x".repeat(5000), "%25ZZ")) {
            Http.Answer a = http.get("/api/dashboards/" + id + "/panels/" + id);
            tried++;
            if (a.status() >= 500) failures.add(a.status() + " bad id " + id + " -> " + a.body());
        }
        for (String body : List.of("", "{", "[]", "{\"sql\": 1}", "{\"sql\": null}", "\"SELECT 1\"", "{\"sql\": \"\\u0000\"}",
                "{\"sql\": \"SELECT '\\u0000'\"}", "{\"sql\": \"" + "(".repeat(10000) + "\"}")) {
            Http.Answer a = http.post("/api/sql", body, "application/json");
            tried++;
            if (a.status() >= 500) failures.add(a.status() + " sql body " + body.substring(0, Math.min(40, body.length())) + " -> " + a.body());
        }
        assertThat(tried).isGreaterThan(2000);
        assertThat(failures).isEmpty();
    }

    @Test
    void a_from_far_outside_the_representable_range_is_a_400_with_the_reason() throws Exception {
        Http.Answer a = http.get("/api/dashboards/default/panels/price?from=" + q("+1000000000-01-01T00:00:00Z") + "&to=" + q("+1000000000-01-02T00:00:00Z"));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().path("error").asText()).contains("from must lie between");
        assertThat(http.get("/api/dashboards/default/panels/price?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z").json()
                .path("error").asText()).contains("to must be after from");
    }

    @Test
    void control_characters_in_stored_strings_come_back_as_valid_json() throws Exception {
        questdb.query("CREATE TABLE odd (timestamp TIMESTAMP, s SYMBOL, v VARCHAR, x DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO odd VALUES (now(), 'a\u0000b', 'esc\u001b[31m\u2028end', 1)");
        questdb.awaitRowCount("odd", 1);
        Http.Answer a = http.postSql("SELECT s, v FROM odd");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().path("rows").get(0).get(0).asText()).isEqualTo("a\u0000b");
        assertThat(a.json().path("rows").get(0).get(1).asText()).isEqualTo("esc\u001b[31m\u2028end");
        Http.Answer e = http.get("/api/explore?range=5m&table=odd&column=x&group=s");
        assertThat(e.status()).as(e.body()).isEqualTo(200);
        assertThat(e.json().toString()).contains("a\\u0000b");
    }
}
