package io.stratmon.store;

import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedQuestDbCredentialsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * QuestDB reads its log configuration once per JVM. If this class starts the JVM's first QuestDB, its log goes to
     * target/ rather than into a temp dir deleted after the test (EmbeddedQuestDbTest checks that file).
     */
    @org.junit.jupiter.api.BeforeAll
    static void keepQuestDbLogInTarget() throws java.io.IOException {
        if (System.getProperty("out") != null || !Files.isDirectory(Path.of("target"))) return;
        Path conf = Path.of("target", "questdb-store-test-log.conf").toAbsolutePath();
        Files.writeString(conf, "writers=file\nw.file.class=io.questdb.log.LogFileWriter\n"
                + "w.file.location=" + Path.of("target", "questdb-store-test.log").toAbsolutePath() + "\n"
                + "w.file.level=INFO,ERROR,CRITICAL,ADVISORY\n");
        System.setProperty("out", conf.toString());
    }

    @Test
    void credentials_are_generated_on_first_start_kept_owner_only_and_reused_on_the_next_start(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("stratmon-data/questdb");
        QuestDbCredentials first;
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(dataDir))) {
            first = db.credentials();
            assertThat(db.credentialsFile()).isEqualTo(dataDir.toAbsolutePath().resolve("credentials")).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db.credentialsFile()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
            assertThat(first.password()).hasSize(32).isNotEqualTo(first.readOnlyPassword());
            assertThat(first.toString()).doesNotContain(first.password(), first.readOnlyPassword());
            assertThat(db.sqlClient().query("SELECT 1 AS one").toTsv()).isEqualTo("one\n1\n");
        }
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(dataDir))) {
            assertThat(db.credentials()).isEqualTo(first);
            assertThat(db.sqlClient().isUp()).isTrue();
        }
        assertThat(QuestDbCredentials.generate().password()).isNotEqualTo(first.password());
    }

    @Test
    void without_the_login_every_endpoint_that_reads_or_writes_data_answers_401(@TempDir Path dir) throws Exception {
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(dir))) {
            String create = URLEncoder.encode("CREATE TABLE pwned (x INT)", StandardCharsets.UTF_8);
            Map<String, HttpRequest.Builder> requests = Map.of(
                    "GET /exec", get(db, "/exec?query=" + create),
                    "GET /exp", get(db, "/exp?query=" + URLEncoder.encode("SELECT 1", StandardCharsets.UTF_8)),
                    "POST /imp", post(db, "/imp?name=pwned_imp", "x\n1\n"),
                    "POST /write", post(db, "/write", "pwned_ilp x=1\n"),
                    "POST /api/v2/write", post(db, "/api/v2/write", "pwned_ilp2 x=1\n"));
            for (var e : requests.entrySet()) {
                assertThat(HTTP.send(e.getValue().build(), HttpResponse.BodyHandlers.discarding()).statusCode()).as(e.getKey()).isEqualTo(401);
                // A wrong password is no better than none.
                HttpRequest wrong = e.getValue().header("Authorization", basic(db.credentials().user(), "quest")).build();
                assertThat(HTTP.send(wrong, HttpResponse.BodyHandlers.discarding()).statusCode()).as(e.getKey() + " with a wrong password").isEqualTo(401);
            }
            HttpResponse<String> refused = HTTP.send(get(db, "/exec?query=" + create).build(), HttpResponse.BodyHandlers.ofString());
            // No challenge header: a browser shows no login prompt and so never caches a login a foreign page could ride on.
            assertThat(refused.headers().firstValue("WWW-Authenticate")).isEmpty();
            assertThat(db.sqlClient().query("SELECT count() n FROM tables() WHERE table_name LIKE 'pwned%'").toTsv()).isEqualTo("n\n0\n");
            assertThatThrownBy(() -> SqlClient.connect(db.httpUrl()).query("SELECT 1"))
                    .isInstanceOf(SqlException.class).hasMessageContaining("401");
            // A successful login gets no session cookie: a page on another port of 127.0.0.1 could ride on one.
            HttpResponse<String> ok = HTTP.send(get(db, "/exec?query=" + URLEncoder.encode("SELECT 1", StandardCharsets.UTF_8))
                    .header("Authorization", basic(db.credentials().user(), db.credentials().password())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().allValues("Set-Cookie")).isEmpty();
            HttpRequest ilp = post(db, "/write", "logged_in x=1\n").header("Authorization", basic(db.credentials().user(), db.credentials().password())).build();
            assertThat(HTTP.send(ilp, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void pgwire_takes_the_admin_login_and_a_read_only_user_that_cannot_write(@TempDir Path dir) throws Exception {
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(dir))) {
            QuestDbCredentials c = db.credentials();
            String url = "jdbc:postgresql://127.0.0.1:" + db.pgPort() + "/qdb?sslmode=disable";
            try (Connection admin = DriverManager.getConnection(url, c.user(), c.password())) {
                admin.createStatement().execute("CREATE TABLE pg_t (x INT)");
                admin.createStatement().execute("INSERT INTO pg_t VALUES (1)");
            }
            try (Connection grafana = DriverManager.getConnection(url, c.readOnlyUser(), c.readOnlyPassword())) {
                assertThat(grafana.createStatement().executeQuery("SELECT count() FROM pg_t").next()).isTrue();
                assertThatThrownBy(() -> grafana.createStatement().execute("INSERT INTO pg_t VALUES (2)"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
                assertThatThrownBy(() -> grafana.createStatement().execute("DROP TABLE pg_t"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            }
            for (List<String> login : List.of(List.of("admin", "quest"), List.of("user", "quest"), List.of(c.user(), c.readOnlyPassword()))) {
                assertThatThrownBy(() -> DriverManager.getConnection(url, login.get(0), login.get(1)).close())
                        .as("login %s", login).isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void a_credentials_file_open_to_other_users_is_refused_with_the_command_that_fixes_it(@TempDir Path dir) throws Exception {
        EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(dir)).close();
        Path file = QuestDbCredentials.file(dir);
        for (String mode : List.of("rw-r--r--", "rw----r--", "rw--w----")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            assertThatThrownBy(() -> EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(dir)).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("open to other users")
                    .hasMessageContaining("permissions=" + mode)
                    .hasMessageContaining("chmod 600 " + file.toAbsolutePath());
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, "user=admin\npassword=\n");
        assertThatThrownBy(() -> QuestDbCredentials.loadOrCreate(dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("incomplete").hasMessageContaining("readonly_password");
    }

    @Test
    void a_data_dir_that_exists_already_keeps_its_mode_while_the_file_is_owner_only(@TempDir Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        QuestDbCredentials.loadOrCreate(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(QuestDbCredentials.file(dir)))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("credentials");
        }
    }

    @Test
    void without_credentials_questdb_lets_anyone_create_a_table_which_is_what_the_login_prevents(@TempDir Path dir) throws Exception {
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(dir).withoutCredentials())) {
            assertThat(db.credentials()).isNull();
            assertThat(Files.exists(QuestDbCredentials.file(dir))).isFalse();
            String create = URLEncoder.encode("CREATE TABLE pwned (x INT)", StandardCharsets.UTF_8);
            assertThat(HTTP.send(get(db, "/exec?query=" + create).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            assertThat(db.sqlClient().query("SELECT count() n FROM tables() WHERE table_name = 'pwned'").toTsv()).isEqualTo("n\n1\n");
        }
    }

    private static HttpRequest.Builder get(EmbeddedQuestDb db, String path) {
        return HttpRequest.newBuilder(URI.create(db.httpUrl() + path)).GET();
    }

    private static HttpRequest.Builder post(EmbeddedQuestDb db, String path, String body) {
        return HttpRequest.newBuilder(URI.create(db.httpUrl() + path)).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
