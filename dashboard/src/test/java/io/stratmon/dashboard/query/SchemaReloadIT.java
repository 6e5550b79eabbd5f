package io.stratmon.dashboard.query;

import com.sun.net.httpserver.HttpServer;
import io.stratmon.sql.SqlClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema list is read again off the request path: a stand-in {@code /exec} answers {@code tables()},
 * {@code materialized_views()} and {@code table_columns()} from a list the test changes, the clock is the test's,
 * and background reads wait in a list until the test runs them.
 */
class SchemaReloadIT {
    HttpServer fakeQuestDb;
    SqlClient sql;
    final List<String> tables = new CopyOnWriteArrayList<>(List.of("a"));
    final AtomicInteger queries = new AtomicInteger();
    final List<Runnable> background = new ArrayList<>();
    Instant now = Instant.parse("2026-12-01T12:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @BeforeEach
    void start() throws Exception {
        fakeQuestDb = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fakeQuestDb.createContext("/exec", exchange -> {
            queries.incrementAndGet();
            String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
            String body;
            if (query.contains("tables()")) {
                java.util.regex.Matcher named = java.util.regex.Pattern.compile("lower\\('([^']*)'\\)").matcher(query);
                String only = named.find() ? named.group(1).toLowerCase(java.util.Locale.ROOT) : null;
                body = "{\"columns\":[{\"name\":\"table_name\",\"type\":\"STRING\"},{\"name\":\"designatedTimestamp\",\"type\":\"STRING\"}],\"dataset\":["
                        + tables.stream().filter(t -> only == null || t.toLowerCase(java.util.Locale.ROOT).equals(only)).map(t -> "[\"" + t + "\",\"timestamp\"]").collect(Collectors.joining(",")) + "]}";
            } else if (query.contains("materialized_views()")) {
                body = "{\"columns\":[{\"name\":\"view_name\",\"type\":\"STRING\"}],\"dataset\":[]}";
            } else {
                body = "{\"columns\":[{\"name\":\"column\",\"type\":\"STRING\"},{\"name\":\"type\",\"type\":\"STRING\"}],"
                        + "\"dataset\":[[\"timestamp\",\"TIMESTAMP\"],[\"v\",\"DOUBLE\"]]}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        fakeQuestDb.start();
        sql = SqlClient.connect("http://127.0.0.1:" + fakeQuestDb.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        fakeQuestDb.stop(0);
    }

    @Test
    void an_expired_list_is_answered_at_once_and_read_again_in_the_background_by_one_reader() {
        Schema schema = new Schema(sql, Duration.ofSeconds(5), clock, background::add);
        assertThat(names(schema)).containsExactly("a");
        int afterFirstRead = queries.get();
        assertThat(afterFirstRead).isEqualTo(3); // tables(), materialized_views(), table_columns('a')

        tables.add("b");
        now = now.plusSeconds(6);
        // Expired: the caller gets the list it had, without a query, and one background read is queued.
        assertThat(names(schema)).containsExactly("a");
        assertThat(names(schema)).containsExactly("a");
        assertThat(queries.get()).isEqualTo(afterFirstRead);
        assertThat(background).hasSize(1);

        background.remove(0).run();
        assertThat(names(schema)).containsExactly("a", "b");
        assertThat(background).isEmpty(); // fresh again: nothing more to read
    }

    @Test
    void a_refresh_makes_the_next_caller_wait_for_a_new_list_and_a_background_read_begun_before_it_is_not_put_back() {
        Schema schema = new Schema(sql, Duration.ofSeconds(5), clock, background::add);
        assertThat(names(schema)).containsExactly("a");
        now = now.plusSeconds(6);
        assertThat(names(schema)).containsExactly("a");
        assertThat(background).hasSize(1);

        tables.add("b");
        schema.refresh();
        assertThat(names(schema)).containsExactly("a", "b"); // read at once, the caller waited for it

        tables.remove("b");
        background.remove(0).run(); // begun before the refresh: its answer is dropped
        assertThat(names(schema)).containsExactly("a", "b");
    }

    @Test
    void a_table_created_just_after_a_reload_is_found_by_its_name_in_any_case() {
        Schema schema = new Schema(sql, Duration.ofSeconds(5), clock, background::add);
        assertThat(names(schema)).containsExactly("a");
        tables.add("odd");
        now = now.plusMillis(200); // well inside the cache's 5 s
        assertThat(schema.tableIgnoreCase("ODD")).map(Schema.Table::name).contains("odd");
        assertThat(names(schema)).containsExactly("a", "odd");
    }

    @Test
    void an_unknown_name_asked_for_again_and_again_costs_one_small_query_each_not_a_reload() {
        Schema schema = new Schema(sql, Duration.ofSeconds(5), clock, background::add);
        assertThat(schema.tableIgnoreCase("a")).isPresent();
        int loaded = queries.get();
        for (int i = 0; i < 5; i++) assertThat(schema.tableIgnoreCase("nope")).isEmpty();
        assertThat(queries.get() - loaded).isEqualTo(5);
    }

    private static List<String> names(Schema schema) {
        return schema.tables().stream().map(Schema.Table::name).toList();
    }
}
