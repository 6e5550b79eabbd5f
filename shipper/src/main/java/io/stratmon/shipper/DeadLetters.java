package io.stratmon.shipper;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.stratmon.shipper.tail.FileSource;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Base64;

/**
 * Lines that cannot become rows, kept with their reason in {@code dead-letter.jsonl} (one JSON object per line:
 * {@code time, source, file_id, offset, reason} and {@code line}, or {@code line_base64} when it was not valid UTF-8).
 * Nothing is ever dropped without a trace here. Thread-safe.
 */
public final class DeadLetters implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    private final Path file;
    private OutputStream out;

    public DeadLetters(Path stateDir) {
        this.file = stateDir.resolve("dead-letter.jsonl");
    }

    public Path file() {
        return file;
    }

    /** Records one rejected line. {@code line} may be null for a line too long to keep. */
    public synchronized void add(FileSource source, long offset, byte[] line, String reason) {
        ByteArrayOutputStream entry = new ByteArrayOutputStream(128 + (line == null ? 0 : line.length * 2));
        try (JsonGenerator g = JSON.createGenerator(entry)) {
            g.writeStartObject();
            g.writeStringField("time", Instant.now().toString());
            g.writeStringField("source", source.path().toString());
            g.writeStringField("file_id", source.id().toString());
            g.writeNumberField("offset", offset);
            g.writeStringField("reason", reason);
            if (line != null) {
                String text = strictUtf8(line);
                if (text != null) g.writeStringField("line", text);
                else g.writeStringField("line_base64", Base64.getEncoder().encodeToString(line));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entry.write('\n');
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
            }
            entry.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write dead letter [path=" + file + "]", e);
        }
    }

    /** Makes the entries written so far durable; called before the checkpoint that skips their lines. */
    public synchronized void flush() {
        if (out == null) return;
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write dead letters [path=" + file + "]", e);
        }
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            out = null;
        }
    }
}
