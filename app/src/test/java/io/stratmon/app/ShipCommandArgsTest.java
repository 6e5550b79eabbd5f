package io.stratmon.app;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The light reading of {@code ship}'s command line gives what picocli gives, and leaves everything else to picocli. */
class ShipCommandArgsTest {
    static final List<List<String>> PLAIN = List.of(
            List.of("ship", "--file", "logs/*.jsonl"),
            List.of("ship", "-f", "a.jsonl", "b.jsonl", "c.jsonl", "--questdb", "http://10.0.0.5:9000"),
            List.of("ship", "--file=a.jsonl", "--file", "b.jsonl", "--state-dir=/var/lib/stratmon", "--from", "end"),
            List.of("ship", "--config", "stratmon.toml"),
            List.of("ship", "--telegraf", "telegraf.conf", "--state-dir", "st"),
            List.of("ship", "--file", "x", "--no-dedup", "--user", "admin", "--password", "quest"),
            List.of("ship", "--dedup", "--file", "x", "--questdb", "tcp://127.0.0.1:9009"),
            List.of("ship", "--file", "", "--questdb="),
            List.of("ship", "--file", "x", "--label", "strategy=mm-btc", "--label=host=web1", "--metrics-listen", "127.0.0.1:9464"),
            List.of("ship", "--file", "x", "--metrics-listen=0.0.0.0:9464", "--metrics-allow-remote"),
            List.of("ship"));

    static final List<List<String>> FOR_PICOCLI = List.of(
            List.of("ship", "--help"), List.of("ship", "-h"), List.of("ship", "-V"), List.of("ship", "--version"),
            List.of("ship", "--file"), List.of("ship", "--questdb"), List.of("ship", "--file", "-x"),
            List.of("ship", "--questdb", "a", "--questdb", "b"), List.of("ship", "--dedup", "--no-dedup"),
            List.of("ship", "--dedup=false", "--file", "x"), List.of("ship", "@args.txt"), List.of("ship", "--file", "@args.txt"),
            List.of("ship", "positional"), List.of("ship", "--unknown", "x"), List.of("ship", "-fx"), List.of("ship", "--", "x"),
            List.of("ship", "--state-dir", "a\0b"), List.of("status"), List.of());

    @Test
    void plain_command_lines_set_every_option_exactly_as_picocli_does() {
        for (List<String> args : PLAIN) {
            ShipCommand light = ShipCommandArgs.parse(args.toArray(String[]::new));
            ShipCommand picocli = new ShipCommand();
            new CommandLine(picocli).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
            assertThat(light).as("%s read without picocli", args).isNotNull();
            assertThat(light).as("%s", args).usingRecursiveComparison().isEqualTo(picocli);
        }
    }

    @Test
    void help_errors_and_every_unusual_form_are_left_to_picocli() {
        for (List<String> args : FOR_PICOCLI) {
            assertThat(ShipCommandArgs.parse(args.toArray(String[]::new))).as("%s", args).isNull();
        }
    }

    @Test
    void a_mistake_on_the_light_path_prints_the_one_line_error_and_exit_status_2_as_through_picocli() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("ship", "--file", "x", "--config", "y.toml");
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("error: give exactly one of --file, --config or --telegraf" + System.lineSeparator());
    }
}
