package io.stratmon.shipper.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.stratmon.shipper.tail.Line;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses a line holding one JSON object into a flattened {@link LogRecord} with Jackson's streaming parser.
 * Invalid JSON, invalid UTF-8, a non-object or trailing content give {@link Parsed.Rejected} with the reason.
 */
public final class JsonLineParser implements LineParser {
    private static final int MAX_DEPTH = 64;
    private static final JsonFactory OUT = new JsonFactory();

    private final JsonFactory factory = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    @Override
    public Parsed parse(Line line) {
        int start = line.start();
        int length = line.length();
        // A UTF-8 byte order mark may open a file's first line.
        if (length >= 3 && (line.buffer()[start] & 0xFF) == 0xEF && (line.buffer()[start + 1] & 0xFF) == 0xBB
                && (line.buffer()[start + 2] & 0xFF) == 0xBF) {
            start += 3;
            length -= 3;
        }
        try (JsonParser p = factory.createParser(line.buffer(), start, length)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new Parsed.Blank();
            }
            if (first != JsonToken.START_OBJECT) {
                return new Parsed.Rejected("not a JSON object [starts with=" + first.asString() + "]");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            readObject(p, "", fields);
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                return new Parsed.Rejected("trailing content after the JSON object [column=" + p.currentLocation().getColumnNr() + "]");
            }
            return new Parsed.Ok(new LogRecord(fields));
        } catch (JsonEOFException e) {
            return new Parsed.Rejected("invalid JSON: truncated line");
        } catch (JsonProcessingException e) {
            return new Parsed.Rejected("invalid JSON: " + e.getOriginalMessage()
                    + " [column=" + (e.getLocation() == null ? -1 : e.getLocation().getColumnNr()) + "]");
        } catch (IOException e) {
            return new Parsed.Rejected("unreadable line: " + e.getMessage());
        } catch (RuntimeException e) {
            // Jackson reports some malformed input (e.g. bad surrogates) as unchecked exceptions.
            return new Parsed.Rejected("invalid JSON: " + e);
        }
    }

    private static void readObject(JsonParser p, String prefix, Map<String, Object> out) throws IOException {
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = prefix.isEmpty() ? p.currentName() : prefix + "_" + p.currentName();
            JsonToken value = p.nextToken();
            switch (value) {
                case START_OBJECT -> readObject(p, key, out);
                case START_ARRAY -> out.put(key, new LogRecord.JsonText(copyStructure(p)));
                case VALUE_STRING -> out.put(key, p.getText());
                case VALUE_NUMBER_INT -> out.put(key, p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue() : (Object) p.getLongValue());
                case VALUE_NUMBER_FLOAT -> out.put(key, p.getDoubleValue());
                case VALUE_TRUE -> out.put(key, Boolean.TRUE);
                case VALUE_FALSE -> out.put(key, Boolean.FALSE);
                case VALUE_NULL -> out.put(key, null);
                default -> throw new JsonProcessingException("unexpected token " + value, p.currentLocation()) {};
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonProcessingException("unexpected token " + token, p.currentLocation()) {};
        }
    }

    private static String copyStructure(JsonParser p) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = OUT.createGenerator(text)) {
            g.copyCurrentStructure(p);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return text.toString();
    }
}
