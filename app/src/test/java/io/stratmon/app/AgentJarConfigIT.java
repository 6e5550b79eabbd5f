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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stratmon-agent.jar} reads a stratmon.toml: {@code check-config} and {@code ship --config}, as the agent's
 * systemd unit runs it (they failed with NoClassDefFoundError: the config records of [dashboard] and [alerts] were
 * not in the jar).
 */
class AgentJarConfigIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    @Test
    void check_config_and_ship_with_a_config_file_run_from_the_agent_jar() throws Exception {
        Process check = agent(List.of("check-config", "--offline", Path.of("../deploy/agent.toml").toAbsolutePath().toString()), "check");
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String checked = Files.readString(dir.resolve("check.txt"));
        assertThat(check.exitValue()).as(checked).isZero();
        assertThat(checked).contains("is valid", "\"strategy\" = \"mm-btc\"").doesNotContain("NoClassDefFoundError", "\tat ");

        Path log = dir.resolve("agent.jsonl");
        Files.writeString(log, "{\"timestamp\":\"2026-12-01T11:00:00Z\",\"event\":\"agent_config_tick\",\"n\":1}\n");
        Path config = dir.resolve("agent.toml");
        Files.writeString(config, """
                [questdb]
                url = "%s"
                username = "%s"
                password = "${QUESTDB_PASSWORD}"
                [shipper]
                state_dir = "%s"
                [alerts]
                rules = ["builtin"]
                [[inputs]]
                files = ["%s"]
                """.formatted(questdb.httpUrl(), questdb.username(), dir.resolve("state"), log));
        Process ship = agent(List.of("ship", "--config", config.toString()), "ship");
        try {
            questdb.awaitRowCount("agent_config_tick", 1, Duration.ofSeconds(60));
        } finally {
            ship.toHandle().destroy();
            assertThat(ship.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ship.exitValue()).as(Files.readString(dir.resolve("ship.txt"))).isZero();
        Process checkAlerts = agent(List.of("check-config", "--offline", config.toString()), "alerts");
        assertThat(checkAlerts.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(checkAlerts.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("alerts.txt"))).contains("alerts.rules: the rule files are not checked by stratmon-agent.jar");
    }

    private Process agent(List<String> args, String name) throws Exception {
        List<String> command = new ArrayList<>(ChildJvm.command("-jar", AgentJarIT.AGENT.toAbsolutePath().toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".txt").toFile());
        pb.environment().put("QUESTDB_PASSWORD", questdb.password());
        return pb.start();
    }
}
