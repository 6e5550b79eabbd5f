package io.stratmon.store;

import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What stratmon sets in the embedded QuestDB beyond listeners and logins ({@link QuestDbDefaults}): workers that sleep
 * when idle, errors only in its log, and the user's own {@code conf/server.conf} and {@code conf/log.conf} winning.
 */
class QuestDbDefaultsTest {

    @Test
    void every_worker_pool_sleeps_after_100_idle_rounds_for_5_ms_or_50_if_stratmon_never_uses_it_unless_the_users_server_conf_says_otherwise(
            @TempDir Path tmp) throws Exception {
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(tmp.resolve("plain")))) {
            Map<String, String> p = parameters(db.sqlClient());
            for (String pool : List.of("shared", "wal.apply", "mat.view.refresh", "view.compiler", "export")) {
                assertThat(p).as(pool).containsEntry(pool + ".worker.sleep.threshold", "100")
                        .containsEntry(pool + ".worker.nap.threshold", "20");
            }
            for (String pool : List.of("shared", "wal.apply", "mat.view.refresh")) {
                assertThat(p).as(pool).containsEntry(pool + ".worker.sleep.timeout", "5");
            }
            for (String pool : List.of("view.compiler", "export")) {
                assertThat(p).as(pool).containsEntry(pool + ".worker.sleep.timeout", "50");
            }
        }
        Path own = tmp.resolve("own");
        Files.createDirectories(own.resolve("conf"));
        Files.writeString(own.resolve("conf/server.conf"), "shared.worker.sleep.threshold=10000\nwal.apply.worker.sleep.timeout=10\n");
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(own))) {
            Map<String, String> p = parameters(db.sqlClient());
            assertThat(p).containsEntry("shared.worker.sleep.threshold", "10000").containsEntry("wal.apply.worker.sleep.timeout", "10")
                    .containsEntry("shared.worker.sleep.timeout", "5").containsEntry("wal.apply.worker.sleep.threshold", "100");
        }
    }

    @Test
    void a_qdb_environment_variable_the_user_set_is_not_replaced_by_a_default(@TempDir Path tmp) {
        Map<String, String> env = QuestDbDefaults.workerEnv(tmp, Map.of("QDB_SHARED_WORKER_SLEEP_TIMEOUT", "1"));
        assertThat(env).doesNotContainKey("QDB_SHARED_WORKER_SLEEP_TIMEOUT").containsEntry("QDB_SHARED_WORKER_SLEEP_THRESHOLD", "100")
                .hasSize(QuestDbDefaults.WORKERS.size() - 1);
    }

    @Test
    void a_server_conf_that_is_not_a_properties_file_is_one_error_naming_the_file(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(tmp.resolve("conf/server.conf"), "shared.worker.count=\\uZZZZ\n");
        assertThatThrownBy(() -> QuestDbDefaults.workerEnv(tmp, Map.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(tmp.resolve("conf/server.conf").toString()).hasMessageContaining("Fix the line or remove the file");
    }

    /**
     * QuestDB reads its log configuration once per JVM, so each case is a JVM of its own ({@link LogProbe}): it starts
     * the embedded QuestDB on a data dir, runs queries (one of them wrong) and stops.
     */
    @Test
    void questdbs_log_keeps_errors_and_advisories_but_not_a_line_per_query_unless_the_user_wrote_conf_log_conf(@TempDir Path tmp)
            throws Exception {
        Path plain = tmp.resolve("plain"), own = tmp.resolve("own");
        Files.createDirectories(own.resolve("conf"));
        Path ownLog = tmp.resolve("own.log");
        Files.writeString(own.resolve("conf/log.conf"), QuestDbDefaults.logConf(ownLog, "INFO,ERROR,CRITICAL,ADVISORY"));
        Process first = probe(plain), second = probe(own); // side by side: each is a JVM start and a QuestDB start
        awaitExit(first);
        awaitExit(second);
        List<String> lines = Files.readAllLines(plain.resolve("questdb.log"), StandardCharsets.UTF_8);
        assertThat(lines).as("advisories (start-up) are kept").anyMatch(l -> level(l).equals("A"));
        assertThat(lines).as("the wrong query's error is kept").anyMatch(l -> level(l).equals("E") && l.contains("nope"));
        assertThat(lines).as("no INFO line per query or commit").noneMatch(l -> level(l).equals("I"));
        assertThat(Files.readAllLines(ownLog, StandardCharsets.UTF_8)).as("the user's log.conf asked for INFO")
                .anyMatch(l -> level(l).equals("I"));
        assertThat(own.resolve("questdb.log")).doesNotExist();
    }

    /** A QuestDB log line: {@code 2026-12-01T21:22:48.740123Z I i.q.c.TableWriter ...}; the level is the second word. */
    private static String level(String line) {
        String[] words = line.split(" ", 3);
        return words.length > 1 ? words[1] : "";
    }

    private static Process probe(Path dataDir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), LogProbe.class.getName(), dataDir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void awaitExit(Process p) throws InterruptedException {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the probe JVM ends").isTrue();
        assertThat(p.exitValue()).isZero();
    }

    private static Map<String, String> parameters(SqlClient sql) {
        var r = sql.query("SELECT property_path, value FROM (SHOW PARAMETERS) WHERE property_path LIKE '%.worker.%'");
        Map<String, String> p = new java.util.HashMap<>();
        for (int i = 0; i < r.size(); i++) p.put(String.valueOf(r.value(i, 0)), String.valueOf(r.value(i, 1)));
        return p;
    }

    /** The child JVM of {@link #questdbs_log_keeps_errors_and_advisories_but_not_a_line_per_query_unless_the_user_wrote_conf_log_conf}. */
    public static final class LogProbe {
        public static void main(String[] args) {
            try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(Path.of(args[0])))) {
                SqlClient sql = db.sqlClient();
                sql.query("CREATE TABLE t (ts TIMESTAMP, v LONG) TIMESTAMP(ts) PARTITION BY DAY WAL");
                for (int i = 0; i < 20; i++) {
                    sql.query("INSERT INTO t VALUES (now(), " + i + ")");
                    sql.query("SELECT count() FROM t");
                }
                try {
                    sql.query("SELECT nope FROM t");
                } catch (SqlException expected) {
                    // logged by QuestDB as an error
                }
            }
            System.exit(0);
        }
    }
}
