package io.stratmon.shipper.sink;

import com.sun.net.httpserver.HttpServer;
import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.Row;
import io.stratmon.sql.SqlClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The order of requests when a batch mixes tables that exist with tables to create, against a fake QuestDB on
 * 127.0.0.1 that records every request: rows for existing tables go first, in a request of their own.
 */
class HttpIlpSinkOrderTest {
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String refuseBodyContaining;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/exec", exchange -> {
            String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery().substring("query=".length()), StandardCharsets.UTF_8);
            requests.add("sql " + query.replaceAll(" \\(.*", ""));
            String json = query.startsWith("SELECT table_name, dedup FROM tables()")
                    ? "{\"columns\":[{\"name\":\"table_name\",\"type\":\"STRING\"},{\"name\":\"dedup\",\"type\":\"BOOLEAN\"}],\"dataset\":[[\"fills\",true]]}"
                    : "{\"ddl\":\"OK\"}";
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/write", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder tables = new StringBuilder();
            for (String line : body.split("\n")) tables.append(tables.isEmpty() ? "" : ",").append(line.substring(0, line.indexOf(',')));
            requests.add("write " + tables);
            String refuse = refuseBodyContaining;
            if (refuse != null && body.contains(refuse)) {
                byte[] answer = "{\"code\":\"invalid\",\"message\":\"bad line\",\"line\":2}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(400, answer.length);
                exchange.getResponseBody().write(answer);
            } else {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static IlpBatch batch(String... tables) {
        IlpBatch batch = new IlpBatch(2);
        for (int i = 0; i < tables.length; i++) {
            batch.add(new Row(tables[i], 1_000_000_000L * (i + 1), List.of(new Row.Column("n", ColumnType.LONG, (long) i))), "src", i);
        }
        return batch;
    }

    @Test
    void rows_for_tables_that_exist_are_sent_before_new_tables_are_created() {
        IlpBatch rows = batch("ev1", "fills", "ev2", "fills");
        try (HttpIlpSink sink = new HttpIlpSink(SinkConfig.of(url()), new TableSetup(SqlClient.connect(url())))) {
            sink.send(rows, 0, rows.rows());
        }
        List<String> writesAndCreates = requests.stream().filter(r -> r.startsWith("write") || r.startsWith("sql CREATE")).toList();
        assertThat(writesAndCreates).hasSize(4);
        assertThat(writesAndCreates.get(0)).isEqualTo("write fills,fills");
        assertThat(writesAndCreates.subList(1, 3)).containsExactlyInAnyOrder("sql CREATE TABLE IF NOT EXISTS 'ev1'",
                "sql CREATE TABLE IF NOT EXISTS 'ev2'");
        assertThat(writesAndCreates.get(3)).isEqualTo("write ev1,ev2");
    }

    @Test
    void once_every_table_exists_a_batch_is_one_request() {
        IlpBatch rows = batch("ev1", "fills", "ev2", "fills");
        try (HttpIlpSink sink = new HttpIlpSink(SinkConfig.of(url()), new TableSetup(SqlClient.connect(url())))) {
            sink.send(rows, 0, rows.rows());
            requests.clear();
            sink.send(rows, 0, rows.rows());
        }
        assertThat(requests).containsExactly("write ev1,fills,ev2,fills");
    }

    @Test
    void a_refusal_in_the_new_tables_request_names_the_row_by_its_place_in_the_batch() {
        refuseBodyContaining = "ev2";
        IlpBatch rows = batch("fills", "ev1", "fills", "ev2", "fills");
        try (HttpIlpSink sink = new HttpIlpSink(SinkConfig.of(url()), new TableSetup(SqlClient.connect(url())))) {
            // "line 2" of the second request (ev1, ev2) is ev2, row 3 of the batch: counted from `from` = 1, index 2.
            assertThatThrownBy(() -> sink.send(rows, 1, rows.rows())).isInstanceOfSatisfying(SinkException.class, e -> {
                assertThat(e.kind()).isEqualTo(SinkException.Kind.REJECTED);
                assertThat(e.rowIndex()).isEqualTo(2);
            });
        }
        assertThat(requests).contains("write fills,fills", "write ev1,ev2");
    }
}
