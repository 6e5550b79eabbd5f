package io.stratmon.shipper.golden;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inputs of the {@code logstash-logback} and {@code ecs-log4j2} golden cases are what the real libraries write:
 * this test writes the lines again with them and compares (so a library upgrade that changes the format shows up
 * here). {@code -Dgolden.update=true} rewrites the inputs.
 */
class RealLoggerLinesTest {
    @Test
    void logstash_logback_encoder_writes_the_logstash_case_input() throws IOException {
        check("logstash-logback", RealLoggerLines.logstash());
    }

    @Test
    void log4j2_ecs_layout_writes_the_ecs_case_input() throws IOException {
        check("ecs-log4j2", RealLoggerLines.ecs());
    }

    private static void check(String name, List<String> lines) throws IOException {
        Path input = GoldenCases.ROOT.resolve(name).resolve("input.jsonl");
        String text = String.join("\n", lines) + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(input.getParent());
            Files.writeString(input, text, StandardCharsets.UTF_8);
            Assumptions.abort("rewrote " + input + " (golden.update): nothing compared");
        }
        // Compared with the input as committed, never with a file this run wrote: a format change fails here.
        assertThat(input).as("golden input missing; -Dgolden.update=true writes it").exists();
        assertThat(Files.readString(input, StandardCharsets.UTF_8)).isEqualTo(text);
    }
}
