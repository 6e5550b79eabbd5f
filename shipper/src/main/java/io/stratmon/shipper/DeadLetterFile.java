package io.stratmon.shipper;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * The format of {@code dead-letter.jsonl}: one JSON object per line, {@code time, source, src, file_id, offset,
 * reason} and {@code line} (or {@code line_base64} when it was not valid UTF-8; neither for a line too long to keep).
 * {@code src} and {@code offset} are the line's {@code _src}/{@code _offset} keys: with {@link #key} they make a dead
 * letter unique, so a replay after a crash never writes it twice.
 */
public final class DeadLetterFile {
    public static final String NAME = "dead-letter.jsonl";
    /** Beside it: where a start-up may begin reading keys (see {@link DeadLetters}). Delete it after editing the file. */
    public static final String MARK = "dead-letter.mark";
    private static final JsonFactory JSON = new JsonFactory();

    private DeadLetterFile() {
    }

    /**
     * One dead letter. {@code src} is null in entries written before it existed; {@code line} is null for a line too
     * long to keep. {@code lineNumber} counts from 1 in the file it was read from (0 for a new entry).
     */
    public record Entry(String time, String source, String src, String fileId, long offset, String reason, byte[] line,
                        long lineNumber) {
        public Entry withReason(String value, String timeNow) {
            return new Entry(timeNow, source, src, fileId, offset, value, line, lineNumber);
        }

        /** The dedup key ({@link DeadLetterFile#key}). */
        public long key() {
            return DeadLetterFile.key(src, offset, line);
        }
    }

    /** The entry as one line of JSON, with its newline. */
    public static byte[] encode(Entry e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160 + (e.line() == null ? 0 : e.line().length * 2));
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", e.time());
            g.writeStringField("source", e.source());
            if (e.src() != null) g.writeStringField("src", e.src());
            g.writeStringField("file_id", e.fileId());
            g.writeNumberField("offset", e.offset());
            g.writeStringField("reason", e.reason());
            if (e.line() != null) {
                String text = strictUtf8(e.line());
                if (text != null) g.writeStringField("line", text);
                else g.writeStringField("line_base64", Base64.getEncoder().encodeToString(e.line()));
            }
            g.writeEndObject();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Reads every entry of {@code file} in order (none if it does not exist). A line that is not an entry (a hand edit)
     * goes to {@code unreadable} as it is.
     */
    public static void read(Path file, Consumer<Entry> entries, Consumer<String> unreadable) throws IOException {
        read(file, 0, (position, e) -> entries.accept(e), unreadable);
    }

    /** An entry and the byte position of its line in the file. */
    public interface PositionedEntry {
        void accept(long position, Entry entry);
    }

    /** Reads the entries from byte {@code from} (the start of a line) on, with their positions. */
    public static void read(Path file, long from, PositionedEntry entries, Consumer<String> unreadable) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file);
             BufferedReader reader = new BufferedReader(java.nio.channels.Channels.newReader(ch.position(from),
                     StandardCharsets.UTF_8), 1 << 16)) {
            long n = 0;
            long position = from;
            for (String text; (text = reader.readLine()) != null; ) {
                n++;
                long at = position;
                position += utf8Length(text) + 1;
                if (text.isBlank()) continue;
                Entry e = decode(text, n);
                if (e == null) unreadable.accept(text);
                else entries.accept(at, e);
            }
        } catch (NoSuchFileException e) {
            // no dead letters yet
        }
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }

    private static Entry decode(String text, long lineNumber) {
        String time = null, source = null, src = null, fileId = null, reason = null;
        byte[] line = null;
        long offset = -1;
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "time" -> time = p.getValueAsString();
                    case "source" -> source = p.getValueAsString();
                    case "src" -> src = p.getValueAsString();
                    case "file_id" -> fileId = p.getValueAsString();
                    case "reason" -> reason = p.getValueAsString();
                    case "offset" -> offset = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "line" -> line = value == JsonToken.VALUE_STRING ? p.getText().getBytes(StandardCharsets.UTF_8) : null;
                    case "line_base64" -> line = Base64.getDecoder().decode(p.getText());
                    default -> p.skipChildren();
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        if (offset < 0 || source == null) return null;
        return new Entry(time, source, src, fileId, offset, reason, line, lineNumber);
    }

    /**
     * A 64-bit key of (src, offset, line content): the same line replayed at the same place gets the same key; a
     * different line at the same place (a file rewritten with the same first line) does not. The chance that a new
     * dead letter is taken for one of n others is n / 2^64.
     */
    public static long key(String src, long offset, byte[] line) {
        long h = 0xcbf29ce484222325L;
        if (src != null) for (int i = 0; i < src.length(); i++) h = (h ^ src.charAt(i)) * 0x100000001b3L;
        h = mix(h ^ offset);
        if (line != null) for (byte b : line) h = (h ^ (b & 0xff)) * 0x100000001b3L;
        return mix(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
