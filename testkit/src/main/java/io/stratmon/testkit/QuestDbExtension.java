package io.stratmon.testkit;

import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;
import io.stratmon.store.EmbeddedQuestDb;
import io.stratmon.store.QuestDbDefaults;
import io.stratmon.store.QuestDbCredentials;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real embedded QuestDB for a test class: a fresh temp data dir, 127.0.0.1, free ports (never 9000/9009/8812),
 * and logins required as in production ({@link #username()}/{@link #password()}; {@link #sql()} is logged in).
 *
 * <pre>{@code
 * @RegisterExtension static QuestDbExtension questdb = new QuestDbExtension();
 * ...
 * ShipperConfig c = ShipperConfig.of(files, questdb.httpUrl(), state).withCredentials(questdb.username(), questdb.password());
 * questdb.assertSqlEventually("count\n3\n", "SELECT count() FROM price");
 * }</pre>
 */
public final class QuestDbExtension implements BeforeAllCallback, AfterAllCallback {
    private final boolean credentials;
    private Path dataDir;
    private EmbeddedQuestDb db;
    private SqlClient sql;

    /** QuestDB with generated logins, as {@code stratmon up} runs it. */
    public QuestDbExtension() {
        this(true);
    }

    private QuestDbExtension(boolean credentials) {
        this.credentials = credentials;
    }

    /** QuestDB that lets anyone in: only for control cases that show what the logins prevent. */
    public static QuestDbExtension withoutCredentials() {
        return new QuestDbExtension(false);
    }

    /**
     * The {@code server.conf} every test QuestDB starts with. A test's QuestDB is mostly idle between small requests,
     * and several run side by side, so what it costs idle is what counts: one worker per shared pool (network, query,
     * write) and for materialized-view refresh, no pool of their own for WAL apply, the view compiler and exports (a
     * count of 0: their jobs run on the shared pools; a view refresh pool of 0 refreshes nothing in QuestDB 9.3.4), and
     * idle workers that sleep 20 ms at a time, not 5 ms as in {@code stratmon up} ({@link io.stratmon.store.QuestDbDefaults}).
     * An idle test QuestDB took 7.5 % of a core with one worker in every pool and 5 ms sleeps, 3.6 % like this (2 cores,
     * 2026-12-02); a request that finds it asleep waits at most 20 ms. {@code -Dstratmon.test.questdb-conf=default}
     * starts QuestDB with exactly what {@code stratmon up} gives it.
     */
    public static final String TEST_SERVER_CONF = """
            shared.worker.count=1
            shared.worker.sleep.timeout=20
            wal.apply.worker.count=0
            mat.view.refresh.worker.count=1
            mat.view.refresh.worker.sleep.timeout=20
            view.compiler.worker.count=0
            export.worker.count=0
            """;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        keepQuestDbLogInTarget();
        dataDir = Files.createTempDirectory("stratmon-questdb-");
        if (!"default".equals(System.getProperty("stratmon.test.questdb-conf"))) {
            Files.writeString(Files.createDirectories(dataDir.resolve("conf")).resolve("server.conf"), TEST_SERVER_CONF);
        }
        start();
    }

    /**
     * QuestDB reads its log configuration once per JVM; left alone, it would log into the first test class's temp dir,
     * deleted after that class. {@code target/questdb-test-<pid>.log} survives the run, for whoever debugs a failure:
     * one per test JVM, so forks running side by side ({@code forkCount=2}) never write into each other's file.
     */
    private static synchronized void keepQuestDbLogInTarget() throws IOException {
        if (System.getProperty("out") != null || !Files.isDirectory(Path.of("target"))) return;
        long pid = ProcessHandle.current().pid();
        Path conf = Path.of("target", "questdb-test-log-" + pid + ".conf").toAbsolutePath();
        String levels = "info".equalsIgnoreCase(System.getProperty("stratmon.test.questdb-log"))
                ? "INFO," + QuestDbDefaults.LOG_LEVELS : QuestDbDefaults.LOG_LEVELS;
        Files.writeString(conf, QuestDbDefaults.logConf(Path.of("target", "questdb-test-" + pid + ".log").toAbsolutePath(), levels));
        System.setProperty("out", conf.toString());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
        deleteRecursively(dataDir);
    }

    /** Starts QuestDB on the same data dir and the same HTTP port as before (after {@link #stop()}), or fresh ports the first time. */
    public void start() {
        EmbeddedQuestDb.Options options = EmbeddedQuestDb.Options.defaults(dataDir);
        if (!credentials) options = options.withoutCredentials();
        if (db != null) {
            options = options.withHttpPort(db.httpPort()).withPgPort(db.pgPort()).withIlpTcpPort(db.ilpTcpPort());
        }
        db = EmbeddedQuestDb.start(options);
        sql = db.sqlClient();
    }

    /** Stops QuestDB, keeping its data: to test outages. */
    public void stop() {
        if (db != null) {
            db.close();
        }
    }

    public EmbeddedQuestDb db() {
        return db;
    }

    public String httpUrl() {
        return db.httpUrl();
    }

    /** The HTTP (and PGWire) admin user, or null {@link #withoutCredentials() without credentials}. */
    public String username() {
        return db.credentials() == null ? null : db.credentials().user();
    }

    public String password() {
        return db.credentials() == null ? null : db.credentials().password();
    }

    /** All the logins, the read-only PGWire user included (null without credentials). */
    public QuestDbCredentials credentials() {
        return db.credentials();
    }

    /** A new client logged in as the admin user. */
    public SqlClient sqlClient() {
        return db.sqlClient();
    }

    public SqlClient sql() {
        return sql;
    }

    public QueryResult query(String statement) {
        return sql.query(statement);
    }

    /** Waits (up to 20 s) until {@code statement} returns exactly {@code expectedTsv} (header line + rows, tab-separated). */
    public void assertSqlEventually(String expectedTsv, String statement) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptionsInstanceOf(SqlException.class)
                .untilAsserted(() -> assertThat(sql.query(statement).toTsv()).isEqualTo(expectedTsv));
    }

    /** Waits until {@code table} exists and holds exactly {@code rows} rows. */
    public void awaitRowCount(String table, long rows) {
        awaitRowCount(table, rows, Duration.ofSeconds(30));
    }

    public void awaitRowCount(String table, long rows, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).ignoreExceptionsInstanceOf(SqlException.class)
                .untilAsserted(() -> assertThat(count(table)).as("rows in %s", table).isEqualTo(rows));
    }

    /** Waits until every committed WAL transaction of {@code table} is applied (visible to queries). */
    public void awaitWalApplied(String table) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptionsInstanceOf(SqlException.class)
                .untilAsserted(() -> assertThat(sql.query("SELECT writerTxn = sequencerTxn AS applied FROM wal_tables() WHERE name = '"
                        + table + "'").toTsv()).isEqualTo("applied\ntrue\n"));
    }

    /** Row count of a table (throws SqlException if it does not exist). */
    public long count(String table) {
        return sql.query("SELECT count() FROM '" + table + "'").longValue(0, 0);
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
