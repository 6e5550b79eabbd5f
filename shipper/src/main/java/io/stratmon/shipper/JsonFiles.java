package io.stratmon.shipper;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** jackson-core's streaming writer for the shipper's small state files (no databind on an agent's start). */
final class JsonFiles {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonFiles() {}

    /** A generator writing UTF-8 to {@code file} (created or truncated); closing it closes the file. */
    static JsonGenerator generator(Path file) throws IOException {
        return JSON.createGenerator(Files.newOutputStream(file));
    }
}
