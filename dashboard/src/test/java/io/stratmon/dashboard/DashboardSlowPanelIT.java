package io.stratmon.dashboard;

import com.sun.net.httpserver.HttpServer;
import io.javalin.Javalin;
import io.stratmon.sql.SqlClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One slow panel never holds the others back. QuestDB has no sleep(), so a stand-in {@code /exec} answers the slow
 * panel's statement after 3 s and the fast one at once (with a new value each time, so it is pushed every tick).
 */
class DashboardSlowPanelIT {
    @TempDir
    Path dir;

    HttpServer fakeQuestDb;
    Javalin app;
    final AtomicInteger slowCalls = new AtomicInteger();
    final AtomicInteger fastCalls = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        fakeQuestDb = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fakeQuestDb.setExecutor(Executors.newCachedThreadPool());
        fakeQuestDb.createContext("/exec", exchange -> {
            String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
            String body;
            try {
                if (query.contains("slow_table")) {
                    slowCalls.incrementAndGet();
                    Thread.sleep(3000);
                    body = "{\"columns\":[{\"name\":\"v\",\"type\":\"DOUBLE\"}],\"dataset\":[[1.0]]}";
                } else {
                    body = "{\"columns\":[{\"name\":\"n\",\"type\":\"LONG\"}],\"dataset\":[[" + fastCalls.incrementAndGet() + "]]}";
                }
            } catch (InterruptedException e) {
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (Exception ignored) {
                // the dashboard gave up waiting: fine
            }
        });
        fakeQuestDb.start();
        Files.writeString(dir.resolve("mixed.toml"), """
                title = "One slow panel"
                [[panels]]
                id = "slow"
                title = "Slow"
                kind = "stat"
                sql = "SELECT v FROM slow_table"
                [[panels]]
                id = "fast"
                title = "Fast"
                kind = "stat"
                sql = "SELECT n FROM fast_table"
                """);
    }

    @AfterEach
    void stop() {
        if (app != null) app.stop();
        fakeQuestDb.stop(0);
    }

    Javalin dashboard(Duration panelTimeout) {
        SqlClient sql = SqlClient.connect("http://127.0.0.1:" + fakeQuestDb.getAddress().getPort());
        return DashboardServer.create(sql, DashboardConfig.defaults().withPort(0).withDashboardsDir(dir).withPanelTimeout(panelTimeout)).start();
    }

    @Test
    void live_mode_keeps_pushing_fast_panels_while_a_slow_one_runs_and_never_piles_it_up() throws Exception {
        app = dashboard(Duration.ofSeconds(10));
        List<String> events = subscribe("/api/live/mixed?range=5m");
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().filter(e -> e.contains("\"panel\":\"fast\"")).count() >= 3);
        assertThat(events).as("the slow one is still running").noneMatch(e -> e.contains("\"panel\":\"slow\""));
        assertThat(slowCalls.get()).as("a running panel is skipped, not queued").isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.contains("\"panel\":\"slow\"") && e.contains("\"state\":\"ok\"")));
    }

    @Test
    void a_panel_over_its_time_limit_shows_an_error_and_the_others_render() throws Exception {
        app = dashboard(Duration.ofMillis(800));
        Http http = new Http("http://127.0.0.1:" + app.port());
        assertThat(http.get("/api/dashboards/mixed/panels/fast?range=5m").json().path("state").asText()).isEqualTo("ok");
        Http.Answer slow = http.get("/api/dashboards/mixed/panels/slow?range=5m");
        assertThat(slow.status()).isEqualTo(200);
        assertThat(slow.json().path("state").asText()).isEqualTo("error");
        assertThat(slow.json().path("message").asText()).contains("took too long");
    }

    private List<String> subscribe(String path) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) if (line.startsWith("data:")) events.add(line);
            } catch (Exception ignored) {
                // closed when the server stops
            }
        });
        reader.setDaemon(true);
        reader.start();
        return events;
    }
}
