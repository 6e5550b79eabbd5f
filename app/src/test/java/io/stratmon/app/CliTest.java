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
        assertThat(run("--help").out()).contains("demo", "up", "ship", "check-config", "preview", "trader");
        assertThat(run("up", "--help").out()).contains("--config");
        assertThat(run("preview", "--help").out()).contains("--config", "--telegraf", "--lines");
        assertThat(run("demo", "--help").out()).contains("--data-dir", "--port");
        assertThat(run("ship", "--help").out()).contains("--file", "--questdb", "--config", "--telegraf");
        assertThat(run("trader", "--help").out()).contains("--log-file", "--profile", "--rate", "--duration", "--faults");
    }

    @Test
    void no_command_s_help_makes_picocli_warn_on_stderr() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            for (String command : Main.All.COMMANDS.keySet()) {
                if (command.equals("help")) continue;
                assertThat(run(command, "--help").code()).as(command).isZero();
                // a subcommand's own subcommands (alerts check, grafana export, dead-letters replay...)
                picocli.CommandLine cli = new picocli.CommandLine(Main.All.COMMANDS.get(command));
                for (String sub : cli.getSubcommands().keySet()) run(command, sub, "--help");
            }
        } finally {
            System.setErr(old);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).as("picocli's warnings (a lone %% in a description)").isEmpty();
    }

    @Test
    void check_config_prints_the_effective_config_and_exits_2_with_every_problem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path good = dir.resolve("good.toml");
        java.nio.file.Files.writeString(good, "[[inputs]]\nfiles = [\"logs/*.jsonl\"]\npreset = \"structlog\"\n");
        Result ok = run("check-config", good.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("is valid", "[[inputs]]", "preset = \"structlog\"", "tags = [\"level\", \"logger\"]", "time_format = \"iso\"");
        java.nio.file.Path bad = dir.resolve("bad.toml");
        java.nio.file.Files.writeString(bad, "[[inputs]]\nfiles = [\"a\"]\nnmae_key = \"x\"\n");
        assertThat(run("check-config", bad.toString()).code()).isEqualTo(2);
        // The reference telegraf.conf with its environment variables filled in, so the outcome cannot depend on the
        // environment the test runs in: it is valid, and the effective config shows what it became.
        java.nio.file.Path telegraf = dir.resolve("telegraf.conf");
        java.nio.file.Files.writeString(telegraf, java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/telegraf/telegraf.conf"))
                .replace("$LOG_FILE_NAME", dir.resolve("trader.log").toString()).replace("$QUESTDB_HOST_NAME", "127.0.0.1:9009"));
        Result fromTelegraf = run("check-config", "--telegraf", telegraf.toString());
        assertThat(fromTelegraf.code()).as(fromTelegraf.out()).isZero();
        assertThat(fromTelegraf.out()).contains("is valid", "[[inputs]]", dir.resolve("trader.log").toString());
    }

    @Test
    void preview_shows_rows_with_types_and_rejected_lines_with_the_reason(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path conf = dir.resolve("s.toml");
        java.nio.file.Files.writeString(conf, "[[inputs]]\nfiles = [\"*.log\"]\n[inputs.types]\nqty = \"long\"\n");
        java.nio.file.Path log = dir.resolve("app.log");
        java.nio.file.Files.writeString(log, """
                {"timestamp":"2026-11-27T10:00:00.5Z","event":"fill","symbol":"BTC","qty":3,"px":1.5}
                {"timestamp":"2026-11-27T10:00:01Z","event":"fill","qty":3.5}
                {"event":"fill"}
                {"timestamp":"2026-11-27T10:00:02Z","event":"fill","px":"high"}
                {"timestamp":"2026-11-27T10:00:03Z","event":"never shown"}
                """);
        Result r = run("preview", "--config", conf.toString(), "--lines", "4", log.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("line 1: table fill, timestamp 2026-11-27T10:00:00.500Z",
                "symbol", "SYMBOL", "\"BTC\"", "qty", "LONG", "px", "DOUBLE", "1.5",
                "line 2: REJECTED value does not fit the declared type [key=qty, type=long, value=3.5]",
                "line 3: REJECTED missing timestamp [key=timestamp]",
                "line 4: REJECTED value does not fit the column's type [table=fill, column=px, column_type=DOUBLE, value_type=VARCHAR, value=high]",
                "4 lines read: 1 rows, 3 rejected",
                "table fill: timestamp TIMESTAMP, host SYMBOL, symbol SYMBOL, qty LONG, px DOUBLE")
                .doesNotContain("never shown");
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
