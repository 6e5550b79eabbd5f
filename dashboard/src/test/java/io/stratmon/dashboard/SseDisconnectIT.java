package io.stratmon.dashboard;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.javalin.Javalin;
import io.stratmon.sql.SqlClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An SSE client that goes away while one of its panels is being answered: the answer has nowhere to go, and that is
 * all. No stack trace, no NullPointerException from the error handler asking a finished request for its path.
 * A stand-in {@code /exec} holds the slow panel's query until the client has gone.
 */
class SseDisconnectIT {
    @TempDir
    Path dir;

    HttpServer fakeQuestDb;
    Javalin app;
    final CountDownLatch clientGone = new CountDownLatch(1);
    final AtomicInteger slowAnswered = new AtomicInteger();
    final AtomicLong lastFastQuery = new AtomicLong(System.nanoTime());
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() throws Exception {
        logged.start();
        root.addAppender(logged);
        fakeQuestDb = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fakeQuestDb.setExecutor(Executors.newCachedThreadPool());
        fakeQuestDb.createContext("/exec", exchange -> {
            String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
            String body = "{\"columns\":[{\"name\":\"v\",\"type\":\"DOUBLE\"}],\"dataset\":[[" + System.nanoTime() % 1000 + ".0]]}";
            if (query.contains("fast_table")) lastFastQuery.set(System.nanoTime());
            if (query.contains("slow_table")) {
                try {
                    clientGone.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (Exception ignored) {
                // the dashboard gave up waiting: fine
            }
            if (query.contains("slow_table")) slowAnswered.incrementAndGet();
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
                sql = "SELECT v FROM fast_table"
                """);
        Files.writeString(dir.resolve("three-slow.toml"), """
                title = "Three slow panels"
                [[panels]]
                id = "slow"
                title = "Slow"
                kind = "stat"
                sql = "SELECT v FROM slow_table"
                [[panels]]
                id = "slow2"
                title = "Slow too"
                kind = "stat"
                sql = "SELECT v AS w FROM slow_table"
                [[panels]]
                id = "slow3"
                title = "Slow as well"
                kind = "stat"
                sql = "SELECT v AS x FROM slow_table"
                [[panels]]
                id = "fast"
                title = "Fast"
                kind = "stat"
                sql = "SELECT v FROM fast_table"
                """);
        SqlClient sql = SqlClient.connect("http://127.0.0.1:" + fakeQuestDb.getAddress().getPort());
        app = DashboardServer.create(sql, DashboardConfig.defaults().withPort(0).withDashboardsDir(dir).withPanelTimeout(Duration.ofSeconds(30)).withLiveInterval(Duration.ofMillis(200))).start();
    }

    @AfterEach
    void stop() {
        clientGone.countDown();
        if (app != null) app.stop();
        fakeQuestDb.stop(0);
        root.detachAppender(logged);
    }

    @Test
    void a_client_that_disconnects_while_a_panel_is_answered_leaves_no_stack_trace_and_no_null_pointer_in_the_log() throws Exception {
        for (int round = 0; round < 3; round++) {
            try (Socket socket = new Socket("127.0.0.1", app.port())) {
                socket.setSoLinger(true, 0); // close with a reset, as a browser tab that goes away may
                socket.getOutputStream().write(("GET /api/live/mixed?range=5m HTTP/1.1\r\nHost: 127.0.0.1:" + app.port()
                        + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                // Wait for the fast panel: the slow one is then being answered (its query is held above).
                for (String line; (line = in.readLine()) != null; ) if (line.contains("\"panel\":\"fast\"")) break;
            }
        }
        clientGone.countDown(); // now the slow answers arrive, for clients that are gone
        await().atMost(Duration.ofSeconds(20)).until(() -> slowAnswered.get() >= 1);
        // The streams are closed once their ticks stop asking for the fast panel (a tick every 200 ms while a client is there).
        await().atMost(Duration.ofSeconds(30)).until(() -> System.nanoTime() - lastFastQuery.get() > Duration.ofMillis(1500).toNanos());
        assertThat(problems()).isEmpty();
    }

    @Test
    void panels_answered_after_their_client_left_are_not_sent_to_it_and_log_no_warning() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoLinger(true, 0);
            socket.getOutputStream().write(("GET /api/live/three-slow?range=5m HTTP/1.1\r\nHost: 127.0.0.1:" + app.port()
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) if (line.contains("\"panel\":\"fast\"")) break;
        }
        // The three slow answers arrive together for a client that is gone: the first send finds the stream broken and
        // closes it; the others must not be sent (Javalin logs a WARN for every event sent to a closed stream).
        clientGone.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> slowAnswered.get() >= 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> panelThreadsIdle());
        assertThat(problems()).isEmpty();
    }

    @Test
    void a_server_stopped_while_a_panel_is_answered_for_a_live_client_leaves_no_stack_trace_in_the_log() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.getOutputStream().write(("GET /api/live/mixed?range=5m HTTP/1.1\r\nHost: 127.0.0.1:" + app.port()
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) if (line.contains("\"panel\":\"fast\"")) break;
            app.stop(); // the exchange is finished under the stream while the slow panel's query runs
            app = null;
            clientGone.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> slowAnswered.get() >= 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> panelThreadsIdle());
        }
        assertThat(problems()).isEmpty();
    }

    /** The dashboard's panel threads are done with the slow answer (none is left running a panel). */
    private static boolean panelThreadsIdle() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("stratmon-panel"))
                .noneMatch(e -> java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().contains("LiveFeed")));
    }

    private List<String> problems() {
        List<ILoggingEvent> events;
        synchronized (logged) {
            events = new java.util.ArrayList<>(logged.list);
        }
        return events.stream()
                .filter(e -> e.getThrowableProxy() != null || e.getFormattedMessage().contains("NullPointerException")
                        || e.getFormattedMessage().contains("SseClient has been terminated")
                        || e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR))
                .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " / " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage()))
                .toList();
    }
}
