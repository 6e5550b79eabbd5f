package io.stratmon.app;

import io.stratmon.testkit.ChildJvm;
import io.stratmon.sql.SqlClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Runs {@code java -jar stratmon.jar demo} as a real process, twice on the same data dir, and watches rows arrive. */
class DemoSmokeIT {
    static final Path JAR = Path.of("target/stratmon.jar");

    @TempDir
    Path dir;

    record Running(Process process, String dashboard, String questdb, BlockingQueue<String> output) {}

    static Running start(Path dataDir) throws Exception {
        assertThat(JAR).as("the shaded jar is built in the package phase").exists();
        // 10 events/s is enough rows for every wait; at a trickle each line is a WAL commit of its own (and two for
        // each rollup view of its table), so a faster demo only costs CPU: at 50/s the demo took a core.
        Process p = new ProcessBuilder(ChildJvm.command("-jar", JAR.toString(), "demo", "--data-dir", dataDir.toString(),
                "--port", "0", "--questdb-port", "0", "--rate", "10"))
                .redirectErrorStream(true).start();
        BlockingQueue<String> out = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) out.add(line);
            } catch (Exception ignored) {
                // process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        String dashboard = null, questdb = null;
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((dashboard == null || questdb == null) && System.nanoTime() < deadline) {
            String line = out.poll(1, TimeUnit.SECONDS);
            if (line == null) continue;
            seen.append(line).append('\n');
            Matcher d = Pattern.compile("dashboard\\s+(http://127\\.0\\.0\\.1:\\d+)/").matcher(line);
            Matcher q = Pattern.compile("QuestDB console\\s+(http://127\\.0\\.0\\.1:\\d+)/index.html").matcher(line);
            if (d.find()) dashboard = d.group(1);
            if (q.find()) questdb = q.group(1);
            if (line.contains("QuestDB PGWire") || line.contains("QuestDB logins")) {
                assertThat(line).as("the banner names the credentials file, never a password").doesNotContain("password quest");
            }
        }
        if (dashboard == null || questdb == null) p.destroyForcibly(); // a failed start leaves no demo running
        assertThat(dashboard).as("dashboard URL printed; output was:\n%s", seen).isNotNull();
        assertThat(questdb).as("QuestDB console URL printed; output was:\n%s", seen).isNotNull();
        return new Running(p, dashboard, questdb, out);
    }

    static int stop(Running r) throws Exception {
        r.process().toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
        assertThat(r.process().waitFor(20, TimeUnit.SECONDS)).as("demo stops within 20 s of SIGTERM").isTrue();
        return r.process().exitValue();
    }

    /** The demo's QuestDB asks for the login it generated into its data dir (the banner names the file). */
    static SqlClient login(String url, Path data) throws Exception {
        Path file = io.stratmon.store.QuestDbCredentials.file(data.resolve("questdb"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        io.stratmon.store.QuestDbCredentials c = io.stratmon.store.QuestDbCredentials.read(file);
        assertThat(SqlClient.connect(url).isUp()).as("no login, no answer").isFalse();
        return SqlClient.connect(url, c.user(), c.password());
    }

    static long count(SqlClient sql, String table) {
        return sql.query("SELECT count() FROM " + table).longValue(0, 0);
    }

    @Test
    void demo_fills_the_strategy_tables_serves_the_dashboard_stops_cleanly_and_continues_on_restart() throws Exception {
        Path data = dir.resolve("stratmon-data");
        Running first = start(data);
        long priceRows;
        try {
            SqlClient sql = login(first.questdb(), data);
            for (String table : List.of("price", "heartbeat")) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> count(sql, table) > 0);
            }
            long before = count(sql, "price");
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> count(sql, "price") > before);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(first.dashboard() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("stratmon");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> series = http.send(HttpRequest.newBuilder(URI.create(first.dashboard() + "/api/series/price?range=5m")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(series.statusCode()).isEqualTo(200);
                assertThat(series.body()).contains("BTC-USD");
            });
            // The dashboard gets the real engine's status (Alerting.source()), not AlertStatusSource.NONE: the built-in
            // rules, evaluated on the demo's tables.
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                HttpResponse<String> alerts = http.send(HttpRequest.newBuilder(URI.create(first.dashboard() + "/api/alerts")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(alerts.statusCode()).isEqualTo(200);
                assertThat(alerts.body()).contains("\"enabled\":true", "\"HeartbeatMissing\"", "\"StalePriceFeed\"", "\"ShipperDown\"")
                        .doesNotContain("alert status unavailable");
            });
            assertThat(first.output()).anyMatch(l -> l.contains("alerts") && l.contains("9 rules in 2 groups"));
        } finally {
            assertThat(stop(first)).as("exit status after SIGTERM").isZero();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(first.output()).anyMatch(l -> l.contains("stopped.")));
        long lines = Files.readAllLines(data.resolve("logs/trader.jsonl")).stream().filter(l -> l.contains("\"event\":\"price\"")).count();

        Running second = start(data);
        try {
            SqlClient sql = login(second.questdb(), data);
            // Everything the first run wrote is there (shipped then, or caught up now), and new rows keep coming.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> count(sql, "price") > lines);
        } finally {
            assertThat(stop(second)).isZero();
        }
    }
}
