package io.stratmon.shipper.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratmon.sql.HttpClients;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Sends encoded rows to QuestDB's ILP over HTTP endpoint ({@code POST /write}), one request per {@link #send}.
 * QuestDB commits a request whole or refuses it whole; {@code send} returns only on a 2xx. A 400 names the first bad
 * line, which becomes {@link SinkException#rowIndex()}. Tables that need dedup keys are created first.
 * Not thread-safe.
 */
public final class HttpIlpSink implements RowSink {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SinkConfig config;
    private final TableSetup tables;
    private final URI writeUri;
    private final String authorization;
    private final HttpClient http;

    /** @param tables creates dedup tables before their first row, or null to leave table creation to ILP */
    public HttpIlpSink(SinkConfig config, TableSetup tables) {
        this.config = config;
        this.tables = tables;
        String base = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
        this.writeUri = URI.create(base + "/write");
        this.authorization = config.username() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (config.username() + ":" + (config.password() == null ? "" : config.password())).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClients.forUrl(config.url()); // shared by the process, plain for http://
    }

    @Override
    public void send(EncodedRows rows, int from, int to) {
        if (from >= to) return;
        if (tables != null) {
            for (String table : rows.dedupTables()) tables.ensure(table);
        }
        int start = rows.start(from);
        HttpRequest.Builder request = HttpRequest.newBuilder(writeUri).timeout(config.requestTimeout())
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(rows.bytes(), start, rows.end(to - 1) - start));
        if (authorization != null) request.header("Authorization", authorization);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SinkException(SinkException.Kind.UNAVAILABLE, "cannot reach QuestDB [url=" + writeUri + "]: " + e, -1, -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException(SinkException.Kind.UNAVAILABLE, "interrupted while sending [url=" + writeUri + "]", -1, -1, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) return;
        throw refusal(status, response.body(), to - from);
    }

    /** 400 and 413 are about the content (split it, dead-letter the bad row); anything else may pass on a retry. */
    private SinkException refusal(int status, String body, int rows) {
        String message = "QuestDB answered " + status + " [url=" + writeUri + "]: " + abbreviate(body);
        if (status == 400 || status == 413) {
            int row = -1;
            try {
                JsonNode error = JSON.readTree(body);
                if (error.has("message")) message = error.get("message").asText() + " [http-status=" + status + "]";
                if (error.has("line")) row = error.get("line").asInt() - 1;
            } catch (IOException | RuntimeException ignored) {
                // Not JSON: the batch is split in halves until the bad row is alone.
            }
            return new SinkException(SinkException.Kind.REJECTED, message, status, row >= 0 && row < rows ? row : -1, null);
        }
        if (status == 401 || status == 403) {
            message += " (check questdb username/password)";
        }
        return new SinkException(SinkException.Kind.UNAVAILABLE, message, status, -1, null);
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    @Override
    public void close() {
        // HttpClient has no close() before Java 21; its connections go with it.
    }
}
