package io.stratmon.app.metrics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Debian's {@code promtool check metrics} (package {@code prometheus}) on a scrape: the tests skip with a message without it. */
public final class Promtool {
    public static final Path BINARY = Path.of("/usr/bin/promtool");

    private Promtool() {}

    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(BINARY), "promtool is not installed (" + BINARY
                + "); install Debian's prometheus (apt-get install -y prometheus), as .ci/run does");
    }

    /** Fails with promtool's findings unless it accepts the text without a single lint problem. */
    public static void assertValid(String exposition) throws Exception {
        assumeInstalled();
        Process p = new ProcessBuilder(BINARY.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("promtool check metrics found problems").isEmpty();
        assertThat(p.exitValue()).as("promtool exit status; output: %s", out).isZero();
    }
}
