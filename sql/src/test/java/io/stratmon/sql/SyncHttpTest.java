package io.stratmon.sql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SyncHttp} against a hand-written server on a real socket: what it sends, the answers it reads (length,
 * chunked, to the end), keep-alive, and its timeouts.
 */
class SyncHttpTest {
    /** What the server answers a request with; gets the request's head and body. */
    interface Handler {
        void handle(String head, byte[] body, OutputStream out) throws IOException;
    }

    private ServerSocket server;
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private SyncHttp http;

    @AfterEach
    void stop() throws IOException {
        if (http != null) http.close();
        if (server != null) server.close();
    }

    private String serve(Handler handler) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread c = new Thread(() -> connection(s, handler));
                    c.setDaemon(true);
                    c.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void connection(Socket s, Handler handler) {
        try (s) {
            InputStream in = s.getInputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) return;
                heads.add(head);
                int length = 0;
                for (String line : head.split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
                }
                byte[] body = in.readNBytes(length);
                handler.handle(head, body, s.getOutputStream());
            }
        } catch (IOException ignored) {
            // the client went away
        }
        closedByServer.incrementAndGet();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            byte[] a = b.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                return new String(a, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static void answer(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void a_get_sends_host_and_authorization_and_reads_a_chunked_answer() throws Exception {
        String url = serve((head, body, out) -> answer(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/json\r\n\r\n5\r\n{\"a\":\r\n3;ext=1\r\n12}\r\n0\r\nX-Trailer: t\r\n\r\n"));
        http = SyncHttp.forUrl(url, Duration.ofSeconds(5));

        SyncHttp.Response r = http.get("/exec?query=SELECT%201", "Basic dTpw", Duration.ofSeconds(5));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"a\":12}");
        assertThat(heads.get(0)).startsWith("GET /exec?query=SELECT%201 HTTP/1.1\r\n")
                .contains("Host: 127.0.0.1:" + server.getLocalPort() + "\r\n").contains("Authorization: Basic dTpw\r\n");
    }

    @Test
    void requests_reuse_one_kept_alive_connection_and_a_post_carries_its_body() throws Exception {
        String url = serve((head, body, out) -> answer(out, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length
                + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8)));
        http = SyncHttp.forUrl(url, Duration.ofSeconds(5));
        byte[] big = "x".repeat(200_000).getBytes(StandardCharsets.UTF_8); // over SMALL_BODY: the guarded write

        for (int i = 0; i < 5; i++) {
            byte[] body = ("line " + i + "\n").getBytes(StandardCharsets.UTF_8);
            SyncHttp.Response r = http.send("POST", "/write", null, "text/plain", body, 0, body.length, Duration.ofSeconds(5));
            assertThat(r.text()).isEqualTo("line " + i + "\n");
        }
        SyncHttp.Response r = http.send("POST", "/write", null, "text/plain", big, 10, big.length - 10, Duration.ofSeconds(5));

        assertThat(r.body()).hasSize(big.length - 10);
        assertThat(connections).hasValue(1);
        assertThat(heads.get(0)).contains("Content-Type: text/plain\r\n").contains("Content-Length: 7\r\n");
    }

    @Test
    void a_no_content_answer_has_an_empty_body_and_keeps_the_connection() throws Exception {
        String url = serve((head, body, out) -> answer(out, "HTTP/1.1 204 No Content\r\n\r\n"));
        http = SyncHttp.forUrl(url, Duration.ofSeconds(5));

        for (int i = 0; i < 3; i++) {
            SyncHttp.Response r = http.send("POST", "/write", null, "text/plain", new byte[] {'a'}, 0, 1, Duration.ofSeconds(5));
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.body()).isEmpty();
        }
        assertThat(connections).hasValue(1);
    }

    @Test
    void an_answer_that_closes_the_connection_is_read_to_its_end_and_the_next_request_opens_a_new_one() throws Exception {
        String url = serve((head, body, out) -> {
            answer(out, "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n{\"message\":\"bad line\",\"line\":2}");
            out.close();
        });
        http = SyncHttp.forUrl(url, Duration.ofSeconds(5));

        SyncHttp.Response first = http.get("/write", null, Duration.ofSeconds(5));
        SyncHttp.Response second = http.get("/write", null, Duration.ofSeconds(5));

        assertThat(first.status()).isEqualTo(400);
        assertThat(first.text()).isEqualTo("{\"message\":\"bad line\",\"line\":2}");
        assertThat(second.status()).isEqualTo(400);
        assertThat(connections).hasValue(2);
    }

    @Test
    void a_server_that_does_not_answer_in_time_is_a_timeout_and_the_request_is_sent_once() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        String url = serve((head, body, out) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        http = SyncHttp.forUrl(url, Duration.ofSeconds(5));
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> http.send("POST", "/write", null, "text/plain", new byte[] {'a'}, 0, 1, Duration.ofMillis(300)))
                    .isInstanceOf(HttpTimeoutException.class).hasMessageContaining("300 ms");
        } finally {
            release.countDown();
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(ms).isBetween(250L, 5_000L);
        assertThat(heads).hasSize(1);
    }

    @Test
    void a_large_body_the_server_never_reads_times_out_instead_of_blocking_for_ever() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> held = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try {
                held.add(server.accept()); // accepts, never reads
            } catch (IOException ignored) {
                // closed
            }
        });
        t.setDaemon(true);
        t.start();
        http = SyncHttp.forUrl("http://127.0.0.1:" + server.getLocalPort(), Duration.ofSeconds(5));
        byte[] big = new byte[64 * 1024 * 1024];

        try {
            assertThatThrownBy(() -> http.send("POST", "/write", null, "text/plain", big, 0, big.length, Duration.ofMillis(500)))
                    .isInstanceOf(HttpTimeoutException.class);
        } finally {
            for (Socket s : held) s.close();
        }
    }

    @Test
    void nothing_listening_is_an_io_error_naming_the_refusal() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        http = SyncHttp.forUrl("http://127.0.0.1:" + port, Duration.ofSeconds(2));

        assertThatThrownBy(() -> http.get("/exec", null, Duration.ofSeconds(2)))
                .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class)
                .hasMessageContaining("refused");
    }

    /** Answers the first request of each connection; closes the connection at its second without a word. */
    private Handler answersOnceThenDrops(AtomicInteger requests) {
        List<OutputStream> answered = new CopyOnWriteArrayList<>();
        return (head, body, out) -> {
            requests.incrementAndGet();
            if (answered.contains(out)) throw new IOException("dropped without an answer");
            answered.add(out);
            answer(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        };
    }

    @Test
    void a_get_whose_kept_alive_connection_breaks_before_any_answer_is_sent_again_on_a_new_one() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        http = SyncHttp.forUrl(serve(answersOnceThenDrops(requests)), Duration.ofSeconds(5));

        assertThat(http.get("/exec", null, Duration.ofSeconds(5)).text()).isEqualTo("ok");
        assertThat(http.get("/exec", null, Duration.ofSeconds(5)).text()).isEqualTo("ok");

        assertThat(requests).hasValue(3);
        assertThat(connections).hasValue(2);
    }

    @Test
    void a_post_whose_kept_alive_connection_breaks_is_an_error_and_never_sent_twice() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        http = SyncHttp.forUrl(serve(answersOnceThenDrops(requests)), Duration.ofSeconds(5));
        http.send("POST", "/write", null, "text/plain", new byte[] {'a'}, 0, 1, Duration.ofSeconds(5));

        assertThatThrownBy(() -> http.send("POST", "/write", null, "text/plain", new byte[] {'b'}, 0, 1, Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);

        assertThat(requests).hasValue(2);
        assertThat(connections).hasValue(1);
    }

    @Test
    void an_idle_connection_the_server_closed_is_noticed_before_a_post_goes_out_on_it() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        String url = serve((head, body, out) -> {
            requests.incrementAndGet();
            answer(out, "HTTP/1.1 204 No Content\r\n\r\n");
            throw new IOException("the server closes the connection after answering (an idle time-out, a restart)");
        });
        http = SyncHttp.forUrl(url, Duration.ofSeconds(5), 0); // check every idle connection before reuse
        http.send("POST", "/write", null, "text/plain", new byte[] {'a'}, 0, 1, Duration.ofSeconds(5));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer.get() == 1);

        SyncHttp.Response r = http.send("POST", "/write", null, "text/plain", new byte[] {'b'}, 0, 1, Duration.ofSeconds(5));

        assertThat(r.status()).isEqualTo(204);
        assertThat(requests).hasValue(2);
        assertThat(connections).hasValue(2);
    }

    @Test
    void only_http_and_https_urls_are_accepted() {
        assertThatThrownBy(() -> SyncHttp.forUrl("ftp://127.0.0.1:21", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://127.0.0.1:21");
    }
}
