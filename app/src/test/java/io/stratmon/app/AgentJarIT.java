package io.stratmon.app;

import io.stratmon.testkit.ChildJvm;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code stratmon-agent.jar}: the agent alone, a few MB, ships for real and refuses the commands it does not hold. */
class AgentJarIT {
    static final Path AGENT = Path.of("target/stratmon-agent.jar");

    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    @Test
    void holds_the_shipper_but_no_questdb_server_web_stack_or_demo_trader() throws Exception {
        assertThat(AGENT).as("built in the package phase").exists();
        assertThat(Files.size(AGENT)).as("jar size").isLessThan(8L << 20);
        try (JarFile jar = new JarFile(AGENT.toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertThat(names).contains("io/stratmon/app/AgentMain.class", "io/stratmon/shipper/Shipper.class",
                    "io/questdb/client/Sender.class", "picocli/CommandLine.class");
            assertThat(names).noneMatch(n -> n.startsWith("io/questdb/cairo/") || n.startsWith("io/javalin/")
                    || n.startsWith("org/eclipse/jetty/") || n.startsWith("io/stratmon/store/")
                    || (n.startsWith("io/stratmon/dashboard/") && !n.endsWith("/") && !n.startsWith("io/stratmon/dashboard/access/AccessConfig"))
                    || (n.startsWith("io/stratmon/alerts/") && !n.endsWith("/") && !n.startsWith("io/stratmon/alerts/AlertsConfig"))
                    || n.startsWith("io/stratmon/trader/")
                    || n.equals("io/stratmon/app/DemoCommand.class") || n.equals("io/stratmon/app/Main$All.class"));
        }
    }

    @Test
    void ships_a_file_to_questdb_and_stops_cleanly_on_sigterm() throws Exception {
        Path log = dir.resolve("agent.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add("{\"timestamp\":\"2026-12-01T11:00:00." + String.format("%06d", i) + "Z\",\"event\":\"agent_tick\",\"n\":" + i + "}");
        }
        Files.write(log, lines);
        Process ship = agent("ship", "--file", log.toString(), "--questdb", questdb.httpUrl(), "--user", questdb.username(), "--password", questdb.password(),
                "--state-dir", dir.resolve("state").toString());
        try {
            questdb.awaitRowCount("agent_tick", 100, Duration.ofSeconds(60));
        } finally {
            ship.toHandle().destroy(); // SIGTERM
            assertThat(ship.waitFor(20, TimeUnit.SECONDS)).as("ship stops on SIGTERM").isTrue();
        }
        assertThat(ship.exitValue()).as("exit status; output: %s", Files.readString(dir.resolve("out.txt"))).isZero();
    }

    @Test
    void lists_only_its_commands_and_refuses_the_others_with_exit_status_2() throws Exception {
        Process help = agent("--help");
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("out.txt"))).contains("ship", "status", "check-config", "preview")
                .doesNotContain("demo", "dashboard,");
        Process demo = agent("demo");
        assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(demo.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("out.txt"))).contains("Unmatched argument at index 0: 'demo'");
    }

    private Process agent(String... args) throws Exception {
        List<String> command = new ArrayList<>(ChildJvm.command("-jar",
                AGENT.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
    }
}
