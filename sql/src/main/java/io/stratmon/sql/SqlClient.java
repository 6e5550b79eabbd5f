package io.stratmon.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Runs SQL on QuestDB through its HTTP {@code /exec} endpoint and returns the rows as Java values.
 * Works the same against an embedded and an external QuestDB; thread-safe. The requests go out on {@link SyncHttp}
 * (in the calling thread, kept-alive connections) and the answer is read with Jackson's streaming parser: no
 * databind, no JDK {@code HttpClient} on an agent's way to its first shipped line.
 *
 * <pre>{@code
 * try (SqlClient sql = SqlClient.connect("http://127.0.0.1:9000")) {
 *     QueryResult r = sql.query("SELECT count() FROM price");
 *     long n = r.longValue(0, 0);
 * }
 * }</pre>
 */
public final class SqlClient implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String authorization;
    private final SyncHttp http;

    private SqlClient(URI base, String username, String password) {
        this.base = base;
        this.authorization = username == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                        (username + ":" + Objects.requireNonNullElse(password, "")).getBytes(StandardCharsets.UTF_8));
        this.http = SyncHttp.forUrl(base.toString(), CONNECT_TIMEOUT);
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
        String target = base.getRawPath() + "/exec?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8);
        SyncHttp.Response response;
        try {
            response = http.get(target, authorization, timeout);
        } catch (IOException e) {
            throw new SqlException("QuestDB is unreachable [url=" + base + ", error=" + e + "]", sql, -1, e);
        }
        return parse(sql, response.status(), response.body());
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
        Answer answer;
        try (JsonParser p = JSON.createParser(body)) {
            answer = Answer.read(p);
        } catch (IOException e) {
            throw new SqlException("QuestDB returned a non-JSON answer [status=" + status + ", body="
                    + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8) + "]", sql, status, e);
        }
        if (answer == null || answer.error != null || status >= 400) {
            String error = answer != null && answer.error != null ? answer.error : "HTTP " + status;
            int position = answer != null ? answer.position : -1;
            throw new SqlException(error + " [status=" + status + ", position=" + position + "]", sql, status, null);
        }
        return new QueryResult(answer.columns, answer.rows);
    }

    /** What {@code /exec} answers: {@code {"columns":[{"name","type"}...], "dataset":[[...]...]}} or {@code {"error","position"}}. */
    private static final class Answer {
        final List<QueryResult.Column> columns = new ArrayList<>();
        final List<List<Object>> rows = new ArrayList<>();
        String error;
        int position = -1;

        /** Null for an empty body; an {@link IOException} for anything that is not a JSON object. */
        static Answer read(JsonParser p) throws IOException {
            JsonToken first = p.nextToken();
            if (first == null) return null;
            if (first != JsonToken.START_OBJECT) throw new com.fasterxml.jackson.core.JsonParseException(p, "not a JSON object");
            Answer a = new Answer();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "columns" -> a.readColumns(p, t);
                    case "dataset" -> a.readRows(p, t);
                    case "error" -> a.error = t == JsonToken.VALUE_NULL ? "null" : t.isScalarValue() ? p.getText() : container(p);
                    case "position" -> a.position = t.isNumeric() ? p.getValueAsInt(-1) : -1;
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) throw new com.fasterxml.jackson.core.JsonParseException(p, "more after the JSON object");
            return a;
        }

        private void readColumns(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.START_ARRAY) {
                p.skipChildren();
                return;
            }
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    columns.add(new QueryResult.Column("", ""));
                    continue;
                }
                String name = "", type = "";
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken v = p.nextToken();
                    if (f.equals("name")) name = text(p, v);
                    else if (f.equals("type")) type = text(p, v);
                    else p.skipChildren();
                }
                columns.add(new QueryResult.Column(name, type));
            }
        }

        private void readRows(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.START_ARRAY) {
                p.skipChildren();
                return;
            }
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                List<Object> row = new ArrayList<>(Math.max(columns.size(), 1));
                if (t == JsonToken.START_ARRAY) {
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) row.add(value(p, t));
                } else {
                    p.skipChildren();
                }
                rows.add(row);
            }
        }

        /** A JSON value as Java: null, Boolean, Long, Double, String; an array or object (e.g. a DOUBLE[]) as its JSON text. */
        private static Object value(JsonParser p, JsonToken t) throws IOException {
            return switch (t) {
                case VALUE_NULL -> null;
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue().longValue() : p.getLongValue();
                case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                case START_ARRAY, START_OBJECT -> container(p);
                default -> p.getText();
            };
        }

        private static String text(JsonParser p, JsonToken t) throws IOException {
            if (t.isScalarValue()) return t == JsonToken.VALUE_NULL ? "null" : p.getText();
            p.skipChildren();
            return "";
        }

        private static String container(JsonParser p) throws IOException {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(w)) {
                g.copyCurrentStructure(p);
            }
            return w.toString();
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
