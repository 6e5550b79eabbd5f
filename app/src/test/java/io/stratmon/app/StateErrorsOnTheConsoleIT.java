package io.stratmon.app;

import io.stratmon.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A state dir or checkpoint file the shipper cannot use is a user's mistake: the real {@code stratmon} main, in a
 * child JVM with the production log config, prints one line naming the file, the key and what to do, no stack trace,
 * and exits 2, for {@code ship} and {@code up}.
 */
class StateErrorsOnTheConsoleIT {
    @TempDir
    Path dir;

    private static final String GOOD = """
            {
              "version" : 1,
              "files" : [ {
                "dev" : 2049,
                "ino" : 77,
                "fingerprint" : "8000000000000001",
                "path" : "logs/a.log",
                "offset" : 10,
                "updated_ms" : 1764000000000
              } ]
            }
            """;

    record Run(int code, List<String> consoleLines, String stderr) {}

    /** Starts {@code stratmon args...} in a child JVM (not waiting). */
    private Process start(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(ChildJvm.command("-jar", DemoSmokeIT.JAR.toAbsolutePath().toString()));
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    private Run finish(String name, Process p) throws Exception {
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(name + " ends by itself").isTrue();
        String err = Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8);
        List<String> console = err.lines()
                .filter(l -> !l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|DEBUG) .*")) // the log's ordinary lines
                .toList();
        return new Run(p.exitValue(), console, err);
    }

    private Path stateWithCheckpoints(String name, String content) throws IOException {
        Path state = dir.resolve(name);
        Files.createDirectories(state);
        Files.writeString(state.resolve("checkpoints.json"), content);
        return state;
    }

    @Test
    void ship_says_in_one_line_which_file_which_key_and_what_to_do_and_exits_2() throws Exception {
        Files.writeString(dir.resolve("a-file"), "where a dir should be");
        Map<String, Path> cases = new LinkedHashMap<>();
        cases.put("unwritable", dir.resolve("a-file/state"));
        cases.put("empty", stateWithCheckpoints("empty", ""));
        cases.put("truncated", stateWithCheckpoints("truncated", GOOD.substring(0, GOOD.length() / 2)));
        cases.put("badhex", stateWithCheckpoints("badhex", GOOD.replace("8000000000000001", "80000000zz")));
        cases.put("negative", stateWithCheckpoints("negative", GOOD.replace("\"offset\" : 10", "\"offset\" : -10")));
        cases.put("version", stateWithCheckpoints("version", GOOD.replace("\"version\" : 1", "\"version\" : 7")));
        Map<String, Process> running = new LinkedHashMap<>();
        for (Map.Entry<String, Path> c : cases.entrySet()) {
            running.put(c.getKey(), start(c.getKey(), "ship", "--file", dir.resolve("*.log").toString(),
                    "--questdb", "http://127.0.0.1:1", "--state-dir", c.getValue().toString()));
        }
        Map<String, String> expected = Map.of(
                "unwritable", "error: cannot use the state dir " + dir.resolve("a-file/state") + " [key=shipper.state_dir]: ",
                "empty", "error: checkpoint file " + cases.get("empty").resolve("checkpoints.json") + " [key=-]: the file is empty",
                "truncated", "error: checkpoint file " + cases.get("truncated").resolve("checkpoints.json") + " [key=line ",
                "badhex", "error: checkpoint file " + cases.get("badhex").resolve("checkpoints.json") + " [key=files[0].fingerprint]: ",
                "negative", "error: checkpoint file " + cases.get("negative").resolve("checkpoints.json") + " [key=files[0].offset]: ",
                "version", "error: checkpoint file " + cases.get("version").resolve("checkpoints.json") + " [key=version]: ");
        for (Map.Entry<String, Process> p : running.entrySet()) {
            Run r = finish(p.getKey(), p.getValue());
            assertThat(r.consoleLines()).as("%s: the console, all of it:%n%s", p.getKey(), r.stderr()).singleElement()
                    .satisfies(line -> assertThat(line).startsWith(expected.get(p.getKey()))
                            .containsAnyOf("move the file away", "make it a writable directory"));
            assertThat(r.stderr()).as(p.getKey()).doesNotContain("\tat ", "Exception in thread", "Caused by");
            assertThat(r.code()).as("%s exit code; stderr: %s", p.getKey(), r.stderr()).isEqualTo(2);
        }
    }

    @Test
    void demo_says_it_in_one_line_too_and_exits_2() throws Exception {
        Path data = dir.resolve("demo-data");
        Path state = stateWithCheckpoints("demo-data/state", GOOD.replace("\"ino\" : 77,", ""));
        Run r = finish("demo", start("demo", "demo", "--data-dir", data.toString(), "--port", "0", "--questdb-port", "0"));
        assertThat(r.consoleLines()).as(r.stderr()).singleElement().asString()
                .startsWith("error: checkpoint file " + state.resolve("checkpoints.json") + " [key=files[0].ino]: ")
                .contains("move the file away");
        assertThat(r.stderr()).doesNotContain("\tat ");
        assertThat(r.code()).isEqualTo(2);
    }

    @Test
    void up_says_it_in_one_line_too_and_exits_2() throws Exception {
        Path state = stateWithCheckpoints("state", GOOD.replace("\"offset\" : 10", "\"offset\" : \"ten\""));
        Path config = dir.resolve("stratmon.toml");
        Files.writeString(config, """
                [questdb]
                url = "http://127.0.0.1:1"
                [shipper]
                state_dir = "%s"
                [dashboard]
                enabled = false
                [[inputs]]
                files = ["%s"]
                """.formatted(state, dir.resolve("*.log")));
        Run r = finish("up", start("up", "up", "--config", config.toString()));
        assertThat(r.consoleLines()).as(r.stderr()).singleElement().asString()
                .startsWith("error: checkpoint file " + state.resolve("checkpoints.json") + " [key=files[0].offset]: ")
                .contains("value=\"ten\"", "move the file away");
        assertThat(r.stderr()).doesNotContain("\tat ");
        assertThat(r.code()).isEqualTo(2);
    }
}
