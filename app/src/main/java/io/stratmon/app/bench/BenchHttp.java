package io.stratmon.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The bench's own way to QuestDB's HTTP endpoint (SQL and ILP posts), apart from the shipper's: it runs on the
 * calling thread (no client threads of its own), so the bench's polling and posting are never counted as the
 * shipper's CPU ({@link ThreadCpu}). Connections are kept alive between calls.
 */
public final class BenchHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final String authorization;

    /** @param authorization the {@code Authorization} header QuestDB asks for ({@code Basic ...}), or null */
    public BenchHttp(String baseUrl, String authorization) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = authorization;
    }

    public BenchHttp(String baseUrl) {
        this(baseUrl, null);
    }

    /** Rows in a table, or -1 when it does not exist (yet). */
    public long count(String table) {
        JsonNode r = exec("SELECT count() FROM '" + table + "'", false);
        return r == null ? -1 : r.path("dataset").path(0).path(0).asLong(-1);
    }

    /** Runs a statement; throws when QuestDB refuses it. */
    public JsonNode exec(String sql) {
        return exec(sql, true);
    }

    private JsonNode exec(String sql, boolean failOnError) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(base + "/exec?query="
                    + URLEncoder.encode(sql, StandardCharsets.UTF_8)).toURL().openConnection();
            if (authorization != null) c.setRequestProperty("Authorization", authorization);
            c.setConnectTimeout(5_000);
            c.setReadTimeout(60_000);
            int status = c.getResponseCode();
            try (InputStream in = status / 100 == 2 ? c.getInputStream() : c.getErrorStream()) {
                byte[] body = in == null ? new byte[0] : in.readAllBytes();
                if (status / 100 == 2) return JSON.readTree(body);
                if (failOnError) throw new IllegalStateException("QuestDB refused [sql=" + sql + ", status=" + status + "]: "
                        + new String(body, StandardCharsets.UTF_8));
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot query QuestDB [url=" + base + "]", e);
        }
    }

    /** Posts ILP bytes to {@code /write}, as the shipper's sink does; throws on anything but a 2xx. */
    public void post(byte[] body, int offset, int length) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(base + "/write").toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(length);
            c.setRequestProperty("Content-Type", "text/plain; charset=utf-8");
            if (authorization != null) c.setRequestProperty("Authorization", authorization);
            c.setConnectTimeout(5_000);
            c.setReadTimeout(120_000);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body, offset, length);
            }
            int status = c.getResponseCode();
            try (InputStream in = status / 100 == 2 ? c.getInputStream() : c.getErrorStream()) {
                byte[] answer = in == null ? new byte[0] : in.readAllBytes();
                if (status / 100 != 2) {
                    throw new IllegalStateException("ILP post refused [status=" + status + "]: " + new String(answer, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot post ILP to QuestDB [url=" + base + "]", e);
        }
    }
}
