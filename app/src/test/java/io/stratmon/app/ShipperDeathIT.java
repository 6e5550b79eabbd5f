package io.stratmon.app;

import io.stratmon.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under {@code up} and {@code demo} the shipper's death ends the process with status 1 and one clear line; it never
 * keeps serving a dashboard while shipping nothing. The fault is real: a hidden system property makes the shipping
 * thread throw an {@link Error} after N lines, inside a real {@code java -jar stratmon.jar} process.
 */
class ShipperDeathIT {
    private static final String FAULT = "-Dstratmon.fault.shipper-dies-after-lines=";

    @TempDir
    Path dir;

    @Test
    void up_exits_with_status_1_and_one_clear_line_when_the_shipper_thread_dies() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            lines.add("{\"timestamp\":\"2026-12-01T10:00:00." + String.format("%06d", i) + "Z\",\"event\":\"tick\",\"n\":" + i + "}");
        }
        Files.write(logs.resolve("app.jsonl"), lines);
        Path config = dir.resolve("stratmon.toml");
        Files.writeString(config, """
                [questdb]
                  data_dir = "%s"
                  http_port = 0
                  pg_port = 0
                  ilp_tcp_port = 0
                [shipper]
                  state_dir = "%s"
                [dashboard]
                  port = 0
                [[inputs]]
                  files = ["%s"]
                """.formatted(dir.resolve("questdb"), dir.resolve("state"), logs.resolve("*.jsonl")));

        Process p = start(FAULT + "100", "up", "--config", config.toString());

        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("up ends by itself once its shipper died").isTrue();
        String output = Files.readString(dir.resolve("output.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit status; output:\n%s", output).isEqualTo(1);
        assertThat(output).contains("dashboard        http://127.0.0.1:")
                .containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR Shipper - Shipper stopped on an unexpected error") // logged as LogConfigurator says
                .containsOnlyOnce("error: the shipper stopped on an unexpected error (InjectedFault: injected fault:")
                .contains("stopped.");
    }

    @Test
    void demo_exits_with_status_1_when_the_shipper_thread_dies_while_the_trader_writes() throws Exception {
        Process p = start(FAULT + "150", "demo", "--data-dir", dir.resolve("data").toString(),
                "--port", "0", "--questdb-port", "0", "--rate", "100");

        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("demo ends by itself once its shipper died").isTrue();
        String output = Files.readString(dir.resolve("output.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit status; output:\n%s", output).isEqualTo(1);
        assertThat(output).contains("stratmon demo is running")
                .containsOnlyOnce("error: the shipper stopped on an unexpected error (InjectedFault:")
                .contains("stopped.");
    }

    private Process start(String fault, String... args) throws IOException {
        Path jar = DemoSmokeIT.JAR;
        assertThat(jar).as("the shaded jar is built in the package phase").exists();
        List<String> command = new ArrayList<>(ChildJvm.command(fault,
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.txt").toFile()).start();
    }
}
