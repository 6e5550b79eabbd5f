package io.stratmon.trader;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a trader log the way a shipper would: whole lines only, each strictly one JSON object. */
final class JsonLines {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";

    private JsonLines() {
    }

    /** Every line of {@code file}, parsed; fails if the file does not end with a newline or a line is not a JSON object. */
    static List<ObjectNode> read(Path file) throws IOException {
        String text = Files.readString(file);
        var lines = new ArrayList<ObjectNode>();
        if (text.isEmpty()) {
            return lines;
        }
        assertThat(text).as("the last line is complete").endsWith("\n");
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                JsonNode node = JSON.readTree(line);
                assertThat(node.isObject()).as("line is a JSON object: %s", line).isTrue();
                lines.add((ObjectNode) node);
            }
        }
        assertThat(text.split("\n", -1)).as("no empty lines").hasSize(lines.size() + 1);
        return lines;
    }

    static List<String> keys(JsonNode node) {
        var keys = new ArrayList<String>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The line without what depends on the clock: the timestamp, and the heartbeat's measured loop time. */
    static ObjectNode withoutTimings(ObjectNode line) {
        ObjectNode copy = line.deepCopy();
        copy.remove("timestamp");
        if ("heartbeat".equals(copy.path("event").asText())) {
            copy.remove("loop_ms");
        }
        return copy;
    }

    static List<ObjectNode> withoutTimings(List<ObjectNode> lines) {
        return lines.stream().map(JsonLines::withoutTimings).toList();
    }
}
