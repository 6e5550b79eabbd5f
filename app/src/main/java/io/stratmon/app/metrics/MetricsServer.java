package io.stratmon.app.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stratmon.shipper.config.ListenAddress;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The agent's small HTTP listener for {@code stratmon ship --metrics-listen}: {@code /metrics} (Prometheus text),
 * {@code /health} and {@code /ready} (JSON, 200 or 503), GET and HEAD only, on the JDK's own HTTP server so the agent
 * jar carries no web stack. One thread: a scrape every few seconds needs no more.
 * <pre>{@code
 * try (MetricsServer server = MetricsServer.start(ListenAddress.parse("127.0.0.1:9464"), endpoints)) {
 *     server.port();
 * }
 * }</pre>
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds and serves; an address in use is an IllegalStateException naming it. */
    public static MetricsServer start(ListenAddress address, Map<String, Supplier<Probe.Response>> routes) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 16);
        } catch (BindException e) {
            throw new IllegalStateException("cannot listen for metrics on " + address + ": " + e.getMessage()
                    + " [key=shipper.metrics_listen]; pick a free port (0 = any)");
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for metrics on " + address + ": " + e.getMessage() + " [key=shipper.metrics_listen]");
        }
        server.createContext("/", exchange -> handle(exchange, routes));
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stratmon-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new MetricsServer(server, executor);
    }

    private static void handle(HttpExchange exchange, Map<String, Supplier<Probe.Response>> routes) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Supplier<Probe.Response> route = routes.get(exchange.getRequestURI().getPath());
            Probe.Response r;
            if (route == null) r = new Probe.Response(404, "text/plain; charset=utf-8", "not found; try " + String.join(", ", routes.keySet()) + "\n");
            else if (!method.equals("GET") && !method.equals("HEAD")) r = new Probe.Response(405, "text/plain; charset=utf-8", "GET only\n");
            else {
                try {
                    r = route.get();
                } catch (RuntimeException e) {
                    r = new Probe.Response(500, "text/plain; charset=utf-8", e.getClass().getSimpleName() + ": " + e.getMessage() + "\n");
                }
            }
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", r.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (r.status() == 405) exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            boolean head = method.equals("HEAD");
            exchange.sendResponseHeaders(r.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
