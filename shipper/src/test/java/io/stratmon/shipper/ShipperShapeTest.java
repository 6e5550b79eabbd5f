package io.stratmon.shipper;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape issue 8 set for the shipper's code, checked on its sources so that a change that breaks it fails the
 * build instead of a review: the packages' one-way imports and the size of its classes.
 */
class ShipperShapeTest {
    private static final Path MAIN = Path.of("src/main/java/io/stratmon/shipper");

    private static Map<String, List<String>> sources(String pkg) throws IOException {
        Map<String, List<String>> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(MAIN.resolve(pkg))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".java")).toList()) {
                files.put(MAIN.relativize(p).toString(), Files.readAllLines(p));
            }
        }
        assertThat(files).as("sources under %s", MAIN.resolve(pkg).toAbsolutePath()).isNotEmpty();
        return files;
    }

    private static List<String> importing(String pkg, String forbidden) throws IOException {
        return sources(pkg).entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(l -> l.startsWith("import " + forbidden + ".")
                        || l.startsWith("import static " + forbidden + ".")))
                .map(Map.Entry::getKey).toList();
    }

    @Test
    void the_tailer_does_not_know_how_checkpoints_are_kept() throws IOException {
        assertThat(importing("tail", "io.stratmon.shipper.checkpoint")).isEmpty();
    }

    @Test
    void mapping_and_parsing_are_pure_and_never_talk_to_questdb() throws IOException {
        for (String pkg : List.of("mapping", "parse", "fast", "tail")) {
            assertThat(importing(pkg, "io.stratmon.sql")).as(pkg).isEmpty();
        }
        // The single-pass path writes ILP straight into the sink's request buffer (issue 11); the others know no sink.
        for (String pkg : List.of("mapping", "parse", "tail")) {
            assertThat(importing(pkg, "io.stratmon.shipper.sink")).as(pkg).isEmpty();
        }
    }

    @Test
    void no_class_of_the_shipper_is_over_300_lines_and_the_pipeline_is_under_150() throws IOException {
        Map<String, Integer> over = new TreeMap<>();
        sources("").forEach((file, lines) -> {
            if (lines.size() > 300) over.put(file, lines.size());
        });
        assertThat(over).as("classes over 300 lines: split them by job").isEmpty();
        assertThat(Files.readAllLines(MAIN.resolve("Pipeline.java"))).as("Pipeline.java is just the loop").hasSizeLessThan(150);
    }
}
