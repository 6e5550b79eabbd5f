package io.stratmon.dashboard.access;

import io.javalin.Javalin;
import io.stratmon.dashboard.DashboardConfig;
import io.stratmon.dashboard.DashboardServer;
import io.stratmon.dashboard.alerts.AlertStatusSource;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dashboard's front door with real requests on a socket (the JDK client will not send a foreign Host): which
 * Host names, origins and tokens get in, on a loopback server without a token and on one with a token.
 */
class DashboardAccessIT {
    static final String TOKEN = "s3cr3t-t0ken-0123456789abcdef";

    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();
    static Javalin open;
    static Javalin locked;

    @BeforeAll
    static void start() {
        questdb.query("CREATE TABLE IF NOT EXISTS price (timestamp TIMESTAMP, symbol SYMBOL, last DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        open = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0)).start();
        locked = DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withPort(0), AlertStatusSource.NONE,
                AccessConfig.loopbackOnly().withToken(TOKEN)).start();
    }

    @AfterAll
    static void stop() {
        if (open != null) open.stop();
        if (locked != null) locked.stop();
    }

    @Test
    void a_host_name_that_is_not_loopback_gets_403_with_the_reason_on_every_route() throws Exception {
        int port = open.port();
        for (String host : List.of("evil.test:" + port, "evil.test", "127.0.0.1.evil.test:" + port, "localhost.evil.test",
                "192.168.1.10:" + port, "[::2]:" + port)) {
            for (String path : List.of("/", "/app.js", "/api/dashboards", "/api/live/default?range=5m", "/login", "/no-such-page")) {
                Answer a = request(port, "GET", path, Map.of("Host", host), null);
                assertThat(a.status()).as("Host %s, %s", host, path).isEqualTo(403);
                assertThat(a.body()).as("Host %s, %s", host, path).contains("Host not allowed", "DNS rebinding");
            }
        }
        // Malformed Host headers: Jetty answers 400 before any handler, or the guard 403; never the page.
        for (String host : List.of("127.0.0.1:" + port + "@evil.test", "[::1]evil.test", "127.0.0.1:x", "")) {
            assertThat(request(port, "GET", "/api/dashboards", Map.of("Host", host), null).status()).as("Host %s", host).isIn(400, 403);
        }
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port, "127.0.0.2:" + port, "localhost.:" + port)) {
            assertThat(request(port, "GET", "/api/dashboards", Map.of("Host", host), null).status()).as("Host %s", host).isEqualTo(200);
        }
    }

    @Test
    void a_post_from_another_origin_is_refused_and_one_from_the_dashboards_own_page_runs() throws Exception {
        int port = open.port();
        String self = "127.0.0.1:" + port;
        String sql = "{\"sql\":\"SELECT 1 AS one\"}";
        Map<String, Map<String, String>> foreign = new LinkedHashMap<>();
        foreign.put("another port of 127.0.0.1", Map.of("Origin", "http://127.0.0.1:" + (port + 1)));
        foreign.put("another site", Map.of("Origin", "http://evil.test"));
        foreign.put("an opaque origin (sandboxed iframe, file://)", Map.of("Origin", "null"));
        foreign.put("same-site by Sec-Fetch-Site (another port)", Map.of("Sec-Fetch-Site", "same-site", "Origin", "http://" + self));
        foreign.put("cross-site by Sec-Fetch-Site", Map.of("Sec-Fetch-Site", "cross-site"));
        for (var e : foreign.entrySet()) {
            Map<String, String> headers = new LinkedHashMap<>(e.getValue());
            headers.put("Host", self);
            headers.put("Content-Type", "text/plain");
            Answer a = request(port, "POST", "/api/sql", headers, sql);
            assertThat(a.status()).as(e.getKey()).isEqualTo(403);
            assertThat(a.body()).as(e.getKey()).contains("cross-origin request refused");
        }
        // A cross-site <img> or EventSource on the API is refused before any query runs; a link to the page is not.
        assertThat(request(port, "GET", "/api/live/default?range=5m", Map.of("Host", self, "Sec-Fetch-Site", "cross-site"), null).status()).isEqualTo(403);
        assertThat(request(port, "GET", "/", Map.of("Host", self, "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate"), null).status()).isEqualTo(200);

        Map<String, String> own = Map.of("Host", self, "Origin", "http://" + self, "Sec-Fetch-Site", "same-origin", "Content-Type", "application/json");
        Answer a = request(port, "POST", "/api/sql", own, sql);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        // curl and scripts send neither header.
        assertThat(request(port, "POST", "/api/sql", Map.of("Host", self, "Content-Type", "application/json"), sql).status()).isEqualTo(200);
    }

    @Test
    void with_a_token_every_route_but_health_answers_401_without_it() throws Exception {
        int port = locked.port();
        for (String path : List.of("/", "/index.html", "/app.js", "/api/dashboards", "/api/live/default?range=5m", "/api/alerts",
                "/api/sql", "/metrics", "/ready", "/no-such-page", "/HEALTH", "/health/", "/login/x")) {
            Answer a = request(port, "GET", path, Map.of("Host", "127.0.0.1:" + port), null);
            assertThat(a.status()).as(path).isEqualTo(401);
            assertThat(a.body()).as(path).contains("needs its token", "/login?token=").doesNotContain(TOKEN);
        }
        Answer wrong = request(port, "GET", "/api/dashboards", Map.of("Host", "127.0.0.1:" + port, "Authorization", "Bearer " + TOKEN + "x"), null);
        assertThat(wrong.status()).isEqualTo(401);
        Answer almost = request(port, "GET", "/api/dashboards", Map.of("Host", "127.0.0.1:" + port, "Cookie", AccessGuard.COOKIE + "=" + TOKEN), null);
        assertThat(almost.status()).as("the token itself is not the cookie").isEqualTo(401);
        assertThat(request(port, "GET", "/health", Map.of("Host", "127.0.0.1:" + port), null).status()).isNotEqualTo(401);
        assertThat(request(port, "GET", "/health/../api/dashboards", Map.of("Host", "127.0.0.1:" + port), null).status()).isNotEqualTo(200);
    }

    @Test
    void the_bearer_header_opens_every_route() throws Exception {
        int port = locked.port();
        for (String path : List.of("/", "/app.js", "/api/dashboards", "/api/alerts")) {
            Answer a = request(port, "GET", path, Map.of("Host", "localhost:" + port, "Authorization", "Bearer " + TOKEN), null);
            assertThat(a.status()).as(path).isEqualTo(200);
        }
        Answer sql = request(port, "POST", "/api/sql", Map.of("Host", "localhost:" + port, "Authorization", "bearer " + TOKEN,
                "Content-Type", "application/json"), "{\"sql\":\"SELECT 1 AS one\"}");
        assertThat(sql.status()).as(sql.body()).isEqualTo(200);
    }

    @Test
    void the_login_link_sets_an_http_only_strict_cookie_that_opens_the_dashboard() throws Exception {
        int port = locked.port();
        Answer bad = request(port, "GET", "/login?token=" + TOKEN.substring(1), Map.of("Host", "127.0.0.1:" + port), null);
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.head()).doesNotContainIgnoringCase("Set-Cookie");

        Answer login = request(port, "GET", "/login?token=" + TOKEN, Map.of("Host", "127.0.0.1:" + port), null);
        assertThat(login.status()).isEqualTo(200);
        String setCookie = login.header("Set-Cookie");
        assertThat(setCookie).startsWith(AccessGuard.COOKIE + "=").contains("HttpOnly", "SameSite=Strict", "Path=/").doesNotContain(TOKEN);
        assertThat(login.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(login.body()).contains("url=/");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        for (String path : List.of("/", "/api/dashboards")) {
            assertThat(request(port, "GET", path, Map.of("Host", "127.0.0.1:" + port, "Cookie", cookie), null).status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void a_non_loopback_address_without_allow_remote_and_a_token_refuses_to_start_naming_the_key() {
        DashboardConfig everywhere = DashboardConfig.defaults().withHost("0.0.0.0").withPort(0);
        assertThatThrownBy(() -> DashboardServer.create(questdb.sql(), everywhere))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dashboard.allow_remote = true").hasMessageContaining("dashboard.token");
        assertThatThrownBy(() -> DashboardServer.create(questdb.sql(), everywhere, AlertStatusSource.NONE, AccessConfig.loopbackOnly().withAllowRemote(true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dashboard.token: required");
        assertThatThrownBy(() -> DashboardServer.create(questdb.sql(), everywhere, AlertStatusSource.NONE,
                AccessConfig.loopbackOnly().withAllowRemote(true).withToken("short")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16");
        assertThatThrownBy(() -> DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withHost("192.168.1.10").withPort(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("192.168.1.10 is not a loopback address");
        assertThatThrownBy(() -> DashboardServer.create(questdb.sql(), DashboardConfig.defaults().withHost("monitor.lan").withPort(0)))
                .as("a name may resolve anywhere").isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a loopback address");
    }

    record Answer(int status, String head, String body) {
        String header(String name) {
            return head.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(name.length() + 1).strip()).findFirst().orElse(null);
        }
    }

    /** One HTTP/1.1 request on a fresh socket, headers exactly as given (Host included). */
    static Answer request(int port, String method, String path, Map<String, String> headers, String body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) req.append("Content-Length: ").append(bytes.length).append("\r\n");
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String rest = split < 0 ? "" : text.substring(split + 4);
            int status = Integer.parseInt(head.split(" ")[1]);
            return new Answer(status, head, rest);
        }
    }
}
