package io.stratmon.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code stratmon check-config}: the effective config by the table of keys, or every problem as {@code file:line: key: message}. */
class CheckConfigCommandTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Result(Main.run(args), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void prints_every_key_with_defaults_marked_and_durations_in_canonical_form(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.toml");
        Files.writeString(file, """
                [questdb]
                url = "http://127.0.0.1:9000"
                username = "admin"
                password = "hunter2"
                [shipper]
                rotate_wait = "90m"
                [[inputs]]
                files = ["logs/*.jsonl"]
                preset = "structlog"
                """);
        Result r = run("check-config", file.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains(
                "[questdb]\n# external\nurl = \"http://127.0.0.1:9000\"\nusername = \"admin\"\npassword = \"***\"\nprotocol_version = 2  # default\n",
                "max_line_bytes = 1048576  # default\n", "rotate_wait = \"1h30m\"\n", "poll_interval = \"20ms\"  # default\n",
                "[dashboard]\nenabled = true  # default\n", "[[inputs]]\nfiles = [\"logs/*.jsonl\"]\npreset = \"structlog\"\n",
                "tags = [\"level\", \"logger\"]  # preset\n")
                .doesNotContain("hunter2", "data_dir");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void lists_every_problem_as_file_line_key_message_and_exits_2_without_a_stack_trace(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.toml");
        Files.writeString(file, """
                [shipper]
                rotate_wait = 10
                poll_interval = "10"
                [[inputs]]
                files = ["a"]
                nmae_key = "x"
                """);
        Result r = run("check-config", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly(
                "error: " + file + " is not valid (3 problems):",
                file + ":2: shipper.rotate_wait: a duration needs a unit, write it as a string: \"10s\" or \"10ms\" [value=10]",
                file + ":3: shipper.poll_interval: not a duration [value=10]: a number needs a unit, e.g. 10s or 10ms (e.g. 500ms, 10s, 1h30m, 2d, 1w or ISO PT10S)",
                file + ":6: inputs[0].nmae_key: unknown key (did you mean name_key?)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void tcp_with_dedup_is_a_warning_naming_the_line(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tcp.toml");
        Files.writeString(file, "[questdb]\nurl = \"tcp://127.0.0.1:9009\"\n[shipper]\ndedup = true\n[[inputs]]\nfiles = [\"a\"]\n");
        Result r = run("check-config", file.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("warning: " + file + ":4: shipper.dedup: needs ILP over HTTP", "warning: " + file + ":2: questdb.url: ILP over TCP gives no acknowledgements");
        assertThat(r.out()).contains("dedup = false\n");
    }

    @Test
    void lists_every_key_of_the_table_with_type_default_and_meaning() {
        Result r = run("check-config", "--keys");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).hasSize(io.stratmon.app.config.ConfigKeys.KEYS.size() + io.stratmon.shipper.config.InputReader.KEYS.size());
        assertThat(r.out()).containsPattern("shipper.max_line_bytes +integer +default 1048576 +longer lines are dead-lettered")
                .containsPattern("shipper.rotate_wait +duration \\(.*\\) +default \"5s\"")
                .containsPattern("inputs.tags +array of strings +default: the preset's");
    }
}
