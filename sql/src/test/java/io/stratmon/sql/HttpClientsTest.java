package io.stratmon.sql;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpClientsTest {
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void the_plain_client_speaks_plain_http() throws Exception {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        HttpResponse<String> r = HttpClients.forUrl(url).send(HttpRequest.newBuilder(URI.create(url + "/exec")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok");
        assertThat(HttpClients.forUrl("HTTP://127.0.0.1:1")).isSameAs(HttpClients.forUrl(url));
    }

    @Test
    void the_plain_client_refuses_an_https_request_before_anything_is_sent() {
        String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/exec";
        assertThatThrownBy(() -> HttpClients.forUrl("http://127.0.0.1").send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()))
                .satisfies(e -> assertThat(chain(e)).contains("this HTTP client is for plain http:// URLs"));
        assertThat(requests).hasValue(0);
    }

    @Test
    void https_urls_get_the_jdks_tls_client_and_never_the_plain_one() {
        assertThat(HttpClients.forUrl("https://127.0.0.1:9000")).isNotSameAs(HttpClients.forUrl("http://127.0.0.1:9000"));
        assertThat(HttpClients.forUrl("https://127.0.0.1:9000").sslContext().getProtocol()).isNotEqualTo("none");
    }

    private static String chain(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) s.append(t).append('\n');
        return s.toString();
    }
}
