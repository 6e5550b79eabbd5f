package io.stratmon.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Live mode over SSE, read by a plain HTTP client: a tick every second and new points as rows arrive. */
class DashboardLiveIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    static Javalin app;
    static ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();

    record Event(String name, String data, long atMillis) {}

    @BeforeAll
    static void start() {
        questdb.query("CREATE TABLE price (timestamp TIMESTAMP, level SYMBOL, symbol SYMBOL, bid DOUBLE, ask DOUBLE, last DOUBLE) "
                + "TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO price VALUES (now(), 'INFO', 'AAA', 1, 2, 1.5)");
        questdb.awaitRowCount("price", 1);
        // A trickle of new prices, as the shipper would write them.
        writer.scheduleAtFixedRate(() -> questdb.query("INSERT INTO price VALUES (now(), 'INFO', 'AAA', 1, 2, 1.5)"), 0, 200, TimeUnit.MILLISECONDS);
        app = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0)).start();
    }

    @AfterAll
    static void stop() {
        writer.shutdownNow();
        app.stop();
    }

    @Test
    void pushes_a_tick_every_second_and_new_points_as_they_arrive() throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/live/default?range=5m&px=price:600"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
        long start = System.currentTimeMillis();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = null;
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("event:")) name = line.substring(6).trim();
                    else if (line.startsWith("data:")) events.add(new Event(name, line.substring(5).trim(), System.currentTimeMillis() - start));
                }
            } catch (Exception ignored) {
                // closed at the end of the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().filter(e -> e.name().equals("tick")).count() >= 4);
            List<Long> ticks = events.stream().filter(e -> e.name().equals("tick")).map(Event::atMillis).toList();
            for (int i = 1; i < ticks.size(); i++) {
                assertThat(ticks.get(i) - ticks.get(i - 1)).as("gap between ticks").isLessThan(1500);
            }
            // The price panel is pushed again whenever new rows change it: its last x grows.
            await().atMost(Duration.ofSeconds(10)).until(() -> lastX(events, "price").size() >= 3);
            List<Double> lastX = lastX(events, "price");
            assertThat(lastX.get(lastX.size() - 1)).isGreaterThan(lastX.get(0));
            assertThat(events).anyMatch(e -> e.name().equals("panel") && e.data().contains("\"panel\":\"seconds-behind\"")
                    && e.data().contains("no shipper metrics yet"));
        } finally {
            response.body().close();
        }
    }

    @Test
    void refuses_a_live_request_with_bad_parameters_with_a_failure_event() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/live/default?range=forever"))
                .header("Accept", "text/event-stream").build();
        String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).contains("event: failure", "range");
    }

    private static List<Double> lastX(List<Event> events, String panel) {
        return events.stream().filter(e -> e.name().equals("panel") && e.data().contains("\"panel\":\"" + panel + "\""))
                .map(e -> {
                    try {
                        JsonNode x = Http.JSON.readTree(e.data()).path("data").path("x");
                        return x.get(x.size() - 1).asDouble();
                    } catch (Exception ex) {
                        throw new AssertionError(ex);
                    }
                }).distinct().toList();
    }
}
