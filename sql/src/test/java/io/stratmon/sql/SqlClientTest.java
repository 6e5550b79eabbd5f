package io.stratmon.sql;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlClientTest {
    private static QueryResult parse(String body) {
        return SqlClient.parse("SELECT x", 200, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void an_answer_becomes_columns_and_rows_of_java_values() {
        QueryResult r = parse("{\"query\":\"SELECT x\",\"columns\":[{\"name\":\"ts\",\"type\":\"TIMESTAMP\"},"
                + "{\"name\":\"n\",\"type\":\"LONG\"},{\"name\":\"p\",\"type\":\"DOUBLE\"},{\"name\":\"b\",\"type\":\"BOOLEAN\"},"
                + "{\"name\":\"s\",\"type\":\"SYMBOL\"},{\"name\":\"a\",\"type\":\"DOUBLE[]\"}],\"timestamp\":0,"
                + "\"dataset\":[[\"2026-12-01T00:00:00.000000Z\",12345678901234,1.5,true,null,[[1.0,2.0]]],"
                + "[\"x\",-1,2,false,\"é\",[]]],\"count\":2}");

        assertThat(r.columns()).extracting(QueryResult.Column::name).containsExactly("ts", "n", "p", "b", "s", "a");
        assertThat(r.columns()).extracting(QueryResult.Column::type).contains("DOUBLE[]");
        assertThat(r.rows().get(0)).containsExactly("2026-12-01T00:00:00.000000Z", 12345678901234L, 1.5, true, null, "[[1.0,2.0]]");
        assertThat(r.rows().get(1)).containsExactly("x", -1L, 2L, false, "é", "[]");
        assertThat(r.longValue(0, 1)).isEqualTo(12345678901234L);
    }

    @Test
    void questdbs_error_becomes_the_message_with_its_position() {
        assertThatThrownBy(() -> SqlClient.parse("SELEC 1", 400,
                "{\"query\":\"SELEC 1\",\"error\":\"unexpected token [SELEC]\",\"position\":0}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SqlException.class)
                .hasMessage("unexpected token [SELEC] [status=400, position=0]")
                .satisfies(e -> assertThat(((SqlException) e).httpStatus()).isEqualTo(400));
    }

    @Test
    void a_non_json_answer_is_an_error_showing_the_start_of_the_body() {
        assertThatThrownBy(() -> SqlClient.parse("SELECT 1", 502, "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SqlException.class).hasMessageContaining("non-JSON answer [status=502, body=<html>Bad Gateway");
        assertThatThrownBy(() -> parse("{\"columns\":[]} trailing"))
                .isInstanceOf(SqlException.class).hasMessageContaining("non-JSON answer");
        assertThatThrownBy(() -> parse("[1,2]")).isInstanceOf(SqlException.class).hasMessageContaining("non-JSON answer");
    }

    @Test
    void an_empty_answer_with_an_error_status_names_the_status() {
        assertThatThrownBy(() -> SqlClient.parse("SELECT 1", 503, new byte[0]))
                .isInstanceOf(SqlException.class).hasMessage("HTTP 503 [status=503, position=-1]");
    }

    @Test
    void a_login_refusal_says_where_the_embedded_questdbs_login_is() {
        assertThatThrownBy(() -> SqlClient.parse("SELECT 1", 401, "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SqlException.class).hasMessageContaining("credentials file");
    }

    @Test
    void a_query_goes_out_url_encoded_with_basic_auth_under_the_base_path() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> seen = new CopyOnWriteArrayList<>();
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestURI().getRawPath() + " " + URLDecoder.decode(exchange.getRequestURI().getRawQuery(),
                    StandardCharsets.UTF_8) + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"columns\":[{\"name\":\"x\",\"type\":\"INT\"}],\"dataset\":[[7]],\"count\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, 0); // chunked, as QuestDB answers
            exchange.getResponseBody().write(Arrays.copyOfRange(body, 0, 10));
            exchange.getResponseBody().flush();
            exchange.getResponseBody().write(Arrays.copyOfRange(body, 10, body.length));
            exchange.close();
        });
        server.start();
        try (SqlClient sql = SqlClient.connect("http://127.0.0.1:" + server.getAddress().getPort() + "/db/", "admin", "quest")) {
            assertThat(sql.query("SELECT 'a&b' x").longValue(0, 0)).isEqualTo(7);
            assertThat(sql.query("SELECT 2").longValue(0, 0)).isEqualTo(7);
        } finally {
            server.stop(0);
        }
        assertThat(seen.get(0)).isEqualTo("/db/exec query=SELECT 'a&b' x Basic YWRtaW46cXVlc3Q=");
        assertThat(seen).hasSize(2);
    }

    @Test
    void an_unreachable_questdb_is_an_unreachable_error_naming_the_url() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (SqlClient sql = SqlClient.connect("http://127.0.0.1:" + port)) {
            assertThatThrownBy(() -> sql.query("SELECT 1"))
                    .isInstanceOf(SqlException.class).hasMessageContaining("QuestDB is unreachable [url=http://127.0.0.1:" + port)
                    .satisfies(e -> assertThat(((SqlException) e).isUnreachable()).isTrue());
            assertThat(sql.isUp()).isFalse();
        }
    }
}
