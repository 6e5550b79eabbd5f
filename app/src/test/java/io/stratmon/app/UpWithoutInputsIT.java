package io.stratmon.app;

import io.stratmon.testkit.ChildJvm;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code up} on a central host where only agents ship: no {@code [[inputs]]}. It runs the dashboard (and alerts) on
 * the QuestDB the agents ship to, applies {@code [retention]} itself, and says in one line that it ships nothing.
 * A config that would run nothing at all is refused in one line, exit 2.
 */
class UpWithoutInputsIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    @Test
    void up_without_inputs_serves_the_dashboard_applies_retention_and_says_it_ships_nothing() throws Exception {
        questdb.query("CREATE TABLE IF NOT EXISTS central_fill (timestamp TIMESTAMP, qty DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        Path config = dir.resolve("central.toml");
        Files.writeString(config, """
                [questdb]
                  url = "%s"
                  username = "%s"
                  password = "${QUESTDB_PASSWORD}"
                [shipper]
                  state_dir = "%s"
                [dashboard]
                  port = 0
                [retention]
                  "central_*" = "9d"
                """.formatted(questdb.httpUrl(), questdb.username(), dir.resolve("state")));
        List<String> command = new ArrayList<>(ChildJvm.command("-jar", DemoSmokeIT.JAR.toAbsolutePath().toString(),
                "up", "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("up.out").toFile()).redirectError(dir.resolve("up.err").toFile());
        pb.environment().put("QUESTDB_PASSWORD", questdb.password());
        Process up = pb.start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> out().contains("Press Ctrl-C to stop.") || !up.isAlive());
            assertThat(out()).as("stderr: %s", err())
                    .contains("stratmon is running", "  QuestDB          " + questdb.httpUrl())
                    .containsOnlyOnce("  shipping         nothing itself (no [[inputs]]): agents ship to this QuestDB with `stratmon ship`")
                    .doesNotContain("state dir");
            Matcher m = Pattern.compile("dashboard +http://127\\.0\\.0\\.1:(\\d+)/").matcher(out());
            assertThat(m.find()).as(out()).isTrue();
            String base = "http://127.0.0.1:" + m.group(1);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"name\":\"questdb\"", "reachable").doesNotContain("shipper");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/tables")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("central_fill");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(questdb.query("SELECT ttlValue, ttlUnit FROM tables() WHERE table_name = 'central_fill'").toTsv())
                            .isEqualTo("ttlValue\tttlUnit\n9\tDAY\n"));
        } finally {
            up.toHandle().destroy(); // SIGTERM, as systemctl stop
            assertThat(up.waitFor(30, TimeUnit.SECONDS)).as("up stops on SIGTERM").isTrue();
        }
        assertThat(up.exitValue()).as("exit status; stderr: %s", err()).isZero();
        assertThat(err()).doesNotContain("\tat ", "Exception");
        assertThat(out()).contains("stopped.");
    }

    @Test
    void up_with_nothing_to_run_says_so_in_one_line_and_exits_2() throws Exception {
        Path config = dir.resolve("nothing.toml");
        Files.writeString(config, "[questdb]\nurl = \"http://127.0.0.1:1\"\n[dashboard]\nenabled = false\n");
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("up", "--config", config.toString());
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .startsWith("error: " + config + ": nothing to run: no [[inputs]] to ship, [dashboard] enabled = false, no [alerts] rules")
                .contains("add an [[inputs]] table");
    }

    @Test
    void check_config_accepts_a_file_without_inputs_and_warns_what_needs_them() throws Exception {
        Path config = dir.resolve("central.toml");
        Files.writeString(config, "[questdb]\nurl = \"http://127.0.0.1:1\"\n");
        CheckConfigCommandTest.Result r = CheckConfigCommandTest.run("check-config", "--offline", config.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err().lines()).containsExactly("warning: " + config + ": inputs: none: `stratmon up` runs QuestDB, the dashboard and"
                + " the alerts and ships nothing itself; `stratmon ship`, `preview` and `dead-letters` need at least one [[inputs]]");
        assertThat(r.out()).contains("is valid");
    }

    private String out() throws Exception {
        return Files.readString(dir.resolve("up.out"), StandardCharsets.UTF_8);
    }

    private String err() throws Exception {
        return Files.readString(dir.resolve("up.err"), StandardCharsets.UTF_8);
    }
}
