package io.stratmon.alerts;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** A real Alertmanager (Debian's {@code prometheus-alertmanager}) on 127.0.0.1, for the delivery tests. */
final class AlertmanagerProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    static final Path AMTOOL = Path.of("/usr/bin/amtool");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final Path dir;
    private Process process;

    AlertmanagerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    AlertmanagerProcess start() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("am.yml");
        if (!Files.exists(config)) Files.writeString(config, "route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n");
        process = new ProcessBuilder(List.of(BINARY.toString(), "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=",
                "--storage.path=" + dir.resolve("data"), "--config.file=" + config))
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> get("/-/ready").statusCode() == 200);
        return this;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The alerts Alertmanager holds as active now ({@code GET /api/v2/alerts}, which leaves out resolved ones). */
    com.fasterxml.jackson.databind.JsonNode alerts() throws IOException, InterruptedException {
        return Payloads.JSON.readTree(get("/api/v2/alerts").body());
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
