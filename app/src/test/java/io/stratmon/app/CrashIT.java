package io.stratmon.app;

import io.stratmon.testkit.ChildJvm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratmon.sql.QueryResult;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash test: a shipper process ships 200,000 lines while a trader process keeps appending; the shipper is killed
 * with SIGKILL at random moments (at least 10 times) and restarted. At the end the table holds exactly the lines
 * written: the same count, and the same multiset of (timestamp, price), so no line is missing or there twice.
 */
class CrashIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    static final int LINES = 200_000;

    @TempDir
    Path dir;

    Process jar(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(ChildJvm.command(
                "-Xmx256m", "-jar", Path.of("target/stratmon.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".out").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".err").toFile())).start();
    }

    /** How many shippers have printed their "shipping ..." banner (stderr of every run, appended). */
    long banners() throws java.io.IOException {
        Path err = dir.resolve("ship.err");
        if (!Files.exists(err)) return 0;
        try (var lines = Files.lines(err)) {
            return lines.filter(l -> l.startsWith("shipping [")).count();
        }
    }

    Process shipper() throws Exception {
        return jar("ship", "ship", "--file", dir.resolve("*.log").toString(), "--questdb", questdb.httpUrl(), "--user", questdb.username(), "--password", questdb.password(),
                "--state-dir", dir.resolve("state").toString());
    }

    @Test
    void sigkill_at_random_moments_loses_and_duplicates_nothing() throws Exception {
        Random random = new Random(42);
        Path log = dir.resolve("trader.log");
        Process trader = jar("trader", "trader", "--profile", "seed", "--log-file", log.toString(),
                "--rate", "10000", "--count", String.valueOf(LINES), "--seed", "7", "--quiet");
        int kills = 0;
        while (kills < 10 || trader.isAlive()) {
            Process ship = shipper();
            // A random moment: from before the JVM is up to well into shipping.
            Thread.sleep(300 + random.nextInt(1700));
            ship.destroyForcibly(); // SIGKILL: no shutdown hook, no final commit
            assertThat(ship.waitFor(10, TimeUnit.SECONDS)).isTrue();
            kills++;
        }
        assertThat(trader.exitValue()).isZero();
        assertThat(kills).isGreaterThanOrEqualTo(10);

        long started = banners();
        Process last = shipper();
        try {
            // The killed shippers may have shipped every line already: wait until this one is up (its banner comes
            // after the SIGTERM handler is in place), or the SIGTERM below would hit a JVM still starting (exit 143).
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> banners() > started);
            questdb.awaitRowCount("price_log", LINES, Duration.ofSeconds(120));
        } finally {
            last.toHandle().destroy();
            assertThat(last.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(last.exitValue()).isZero();

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(LINES);
        ObjectMapper json = new ObjectMapper();
        List<String> expected = new ArrayList<>(LINES);
        for (String line : lines) {
            JsonNode n = json.readTree(line);
            expected.add(n.get("timestamp").asText() + " " + n.get("price").asDouble());
        }
        QueryResult rows = questdb.query("SELECT timestamp, price FROM price_log");
        List<String> actual = new ArrayList<>(rows.size());
        rows.rows().forEach(r -> actual.add(r.get(0) + " " + ((Number) r.get(1)).doubleValue()));
        expected.sort(String::compareTo);
        actual.sort(String::compareTo);
        assertThat(actual).hasSize(LINES);
        assertThat(actual).isEqualTo(expected);
        System.out.println("CrashIT: " + kills + " SIGKILLs, " + LINES + " lines, all exactly once");
    }
}
