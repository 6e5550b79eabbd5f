package io.stratmon.app;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {
    record Result(int code, String out) {}

    static Result run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return new Result(Main.run(args), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void every_command_has_help() {
        assertThat(run("--help").out()).contains("demo", "ship", "trader");
        assertThat(run("demo", "--help").out()).contains("--data-dir", "--port");
        assertThat(run("ship", "--help").out()).contains("--file", "--questdb");
        assertThat(run("trader", "--help").out()).contains("--log-file", "--profile", "--rate", "--duration");
    }

    @Test
    void version_names_the_project_version() {
        Result r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).matches("(?s)stratmon \\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void usage_errors_exit_with_2() {
        assertThat(run("ship").code()).isEqualTo(2);
        assertThat(run("trader", "--rate", "fast", "--log-file", "x").code()).isEqualTo(2);
        assertThat(run("nope").code()).isEqualTo(2);
    }
}
