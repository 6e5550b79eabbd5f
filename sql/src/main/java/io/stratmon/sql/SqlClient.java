package io.stratmon.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Runs SQL on QuestDB through its HTTP {@code /exec} endpoint and returns the rows as Java values.
 * Works the same against an embedded and an external QuestDB; thread-safe.
 *
 * <pre>{@code
 * try (SqlClient sql = SqlClient.connect("http://127.0.0.1:9000")) {
 *     QueryResult r = sql.query("SELECT count() FROM price");
 *     long n = r.longValue(0, 0);
 * }
 * }</pre>
 */
public final class SqlClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String authorization;
    private final HttpClient http;

    private SqlClient(URI base, String username, String password) {
        this.base = base;
        this.authorization = username == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                        (username + ":" + Objects.requireNonNullElse(password, "")).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClients.forUrl(base.toString());
    }

    /** A client for the QuestDB HTTP server at {@code baseUrl}, e.g. {@code http://127.0.0.1:9000}. */
    public static SqlClient connect(String baseUrl) {
        return connect(baseUrl, null, null);
    }

    /** As {@link #connect(String)}, with HTTP Basic credentials (QuestDB OSS {@code http.user}/{@code http.password}). */
    public static SqlClient connect(String baseUrl, String username, String password) {
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new SqlClient(URI.create(url), username, password);
    }

    public URI baseUri() {
        return base;
    }

    /** Runs one statement and returns all its rows. */
    public QueryResult query(String sql) {
        return query(sql, DEFAULT_TIMEOUT);
    }

    /** Runs one statement with a client-side timeout. Throws {@link SqlException} on any failure. */
    public QueryResult query(String sql, Duration timeout) {
        String uri = base + "/exec?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(timeout).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new SqlException("QuestDB is unreachable [url=" + base + ", error=" + e + "]", sql, -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlException("interrupted while querying QuestDB [url=" + base + "]", sql, -1, e);
        }
        return parse(sql, response.statusCode(), response.body());
    }

    /** True when QuestDB answers a trivial query. */
    public boolean isUp() {
        try {
            query("SELECT 1", Duration.ofSeconds(2));
            return true;
        } catch (SqlException e) {
            return false;
        }
    }

    static QueryResult parse(String sql, int status, byte[] body) {
        if (status == 401) {
            // QuestDB's http.user/http.password; stratmon's embedded QuestDB keeps its login in <dataDir>/credentials.
            throw new SqlException("QuestDB asks for a login (HTTP 401): the username/password are missing or wrong "
                    + "[status=401]; the embedded QuestDB's are in its data dir's credentials file", sql, status, null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new SqlException("QuestDB returned a non-JSON answer [status=" + status + ", body="
                    + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8) + "]", sql, status, e);
        }
        if (root == null || root.has("error") || status >= 400) {
            String error = root != null && root.has("error") ? root.get("error").asText() : "HTTP " + status;
            int position = root != null && root.has("position") ? root.get("position").asInt() : -1;
            throw new SqlException(error + " [status=" + status + ", position=" + position + "]", sql, status, null);
        }
        List<QueryResult.Column> columns = new ArrayList<>();
        for (JsonNode c : root.path("columns")) {
            columns.add(new QueryResult.Column(c.path("name").asText(), c.path("type").asText()));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode r : root.path("dataset")) {
            List<Object> row = new ArrayList<>(r.size());
            for (JsonNode v : r) {
                row.add(toJava(v));
            }
            rows.add(row);
        }
        return new QueryResult(columns, rows);
    }

    private static Object toJava(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isIntegralNumber()) return v.longValue();
        if (v.isNumber()) return v.doubleValue();
        return v.asText();
    }

    @Override
    public void close() {
        // HttpClient has no close() before Java 21; its threads end with the JVM or on GC.
    }
}
