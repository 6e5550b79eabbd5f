package io.stratmon.store;

import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class EmbeddedQuestDbTest {

    @Test
    @org.junit.jupiter.api.Order(1)
    void starts_on_free_loopback_ports_keeps_data_across_restarts_and_logs_to_a_file(@TempDir Path dir) throws Exception {
        int httpPort;
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(dir))) {
            httpPort = db.httpPort();
            assertThat(httpPort).isPositive().isNotIn(9000, 9009, 8812);
            assertThat(db.pgPort()).isPositive().isNotEqualTo(8812);
            assertThat(db.ilpTcpPort()).isPositive().isNotEqualTo(9009);
            assertThat(db.httpUrl()).startsWith("http://127.0.0.1:");
            SqlClient sql = db.sqlClient();
            sql.query("CREATE TABLE t (ts TIMESTAMP, v DOUBLE) TIMESTAMP(ts) PARTITION BY DAY WAL");
            sql.query("INSERT INTO t VALUES ('2026-11-27T10:00:00.123456Z', 1.5)");
            assertThatThrownBy(() -> sql.query("SELECT nope FROM t"))
                    .isInstanceOf(SqlException.class).hasMessageContaining("Invalid column: nope");
        }
        // Ports are free again once closed.
        try (ServerSocket ignored = new ServerSocket(httpPort)) {
            assertThat(ignored.getLocalPort()).isEqualTo(httpPort);
        }
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(dir))) {
            SqlClient sql = db.sqlClient();
            org.awaitility.Awaitility.await().untilAsserted(() -> {
                QueryResult r = sql.query("SELECT ts, v FROM t");
                assertThat(r.toTsv()).isEqualTo("ts\tv\n2026-11-27T10:00:00.123456Z\t1.5\n");
            });
        }
        // QuestDB reads its log configuration once per JVM: the first instance of the JVM (this test, or another
        // class's in the same fork) owns the log file; it is in a data dir and QuestDB wrote to it.
        String location = Files.readAllLines(Path.of(System.getProperty("out"))).stream()
                .filter(l -> l.startsWith("w.file.location=")).findFirst().orElseThrow().substring("w.file.location=".length());
        assertThat(Files.size(Path.of(location))).isPositive();
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void questdb_prints_nothing_on_the_console_while_starting_and_stopping(@TempDir Path dir) {
        java.io.PrintStream out = System.out, err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream capture = new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(dir)).close();
            System.out.println("our own line");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String text = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("QuestDB is shutting down", "Log configuration loaded from", System.getProperty("out"))
                .contains("our own line");
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void an_ilp_tcp_port_taken_before_questdb_binds_it_is_replaced_by_another(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.Iterator<Integer> ports = java.util.List.of(taken.getLocalPort(), 0).iterator();
            java.util.function.IntSupplier picker = () -> {
                int p = ports.next();
                if (p != 0) return p;
                try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                    return free.getLocalPort();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(dir), picker)) {
                assertThat(db.ilpTcpPort()).isPositive().isNotEqualTo(taken.getLocalPort());
                assertThat(db.sqlClient().isUp()).isTrue();
            }
        }
    }
}
