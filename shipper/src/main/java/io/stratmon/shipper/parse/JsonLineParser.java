package io.stratmon.shipper.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.stratmon.shipper.tail.Line;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Parses a line holding one JSON object into a flattened {@link LogRecord} with Jackson's streaming parser.
 * Nested objects are flattened with {@code _}; arrays follow the {@link ArrayMode}; {@code NaN} and
 * {@code Infinity} (which Python's json module writes) are read as doubles. A key that a flattened key already took
 * ({@code {"a_b":1,"a":{"b":2}}}) is numbered ({@code a_b_2}) so no value is lost. With a query path (Telegraf's
 * {@code json_query}, simple dotted paths), only the object at that path is read.
 * Invalid JSON, invalid UTF-8, a non-object or trailing content give {@link Parsed.Rejected} with the reason.
 *
 * <p>Numbers are kept as written where a double would change them: a decimal beyond a double's range ({@code 1e400},
 * {@code 1e-400}, which a double reads as Infinity or 0) stays a {@link BigDecimal}, so the mapper can refuse it rather
 * than store NULL; so do the decimals of the "exact" keys (the time key: an epoch with nanoseconds has more digits than
 * a double holds). A string or key holding a lone surrogate ({@code "\ud800"}: an escape JSON allows but that is not
 * Unicode and cannot be written as UTF-8) rejects the line, instead of reaching QuestDB as {@code ?}.
 */
public final class JsonLineParser implements LineParser {
    private static final int MAX_DEPTH = 64;
    private static final JsonFactory OUT = new JsonFactory();

    private final JsonFactory factory = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // Doubles with 15-17 digits (every price a random walk logs) are JDK parseDouble's slow path.
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    private final ArrayMode arrays;
    private final String[] query;
    private final Set<String> exactKeys;

    /** Arrays as JSON text, the whole line. */
    public JsonLineParser() {
        this(ArrayMode.JSON, null);
    }

    /** @param query a dotted path ({@code data.fields}) to the object to read, or null for the whole line */
    public JsonLineParser(ArrayMode arrays, String query) {
        this(arrays, query, Set.of());
    }

    /** @param exactKeys flattened keys whose decimal numbers are kept exact, as {@link BigDecimal} (the time key) */
    public JsonLineParser(ArrayMode arrays, String query, Set<String> exactKeys) {
        this.arrays = arrays;
        this.query = query == null || query.isBlank() ? null : query.split("\\.");
        this.exactKeys = exactKeys.isEmpty() ? null : Set.copyOf(exactKeys);
    }

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
            if (query == null) {
                readObject(p, "", fields);
            } else if (!seek(p, 0, fields)) {
                return new Parsed.Rejected("no object at the query path [query=" + String.join(".", query) + "]");
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                return new Parsed.Rejected("trailing content after the JSON object [column=" + p.currentLocation().getColumnNr() + "]");
            }
            return new Parsed.Ok(new LogRecord(fields));
        } catch (LoneSurrogate e) {
            return new Parsed.Rejected(e.getMessage());
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

    /** Reads the object at query[depth..] inside the current object; always consumes the current object to its end. */
    private boolean seek(JsonParser p, int depth, Map<String, Object> out) throws IOException {
        boolean found = false;
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            boolean onPath = !found && query[depth].equals(p.currentName());
            JsonToken value = p.nextToken();
            if (onPath && value == JsonToken.START_OBJECT) {
                if (depth == query.length - 1) {
                    readObject(p, "", out);
                    found = true;
                } else {
                    found = seek(p, depth + 1, out);
                }
            } else {
                p.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonProcessingException("unexpected token " + token, p.currentLocation()) {};
        }
        return found;
    }

    private void readObject(JsonParser p, String prefix, Map<String, Object> out) throws IOException {
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = checked(p.currentName(), null);
            String key = prefix.isEmpty() ? name : prefix + "_" + name;
            readValue(p, p.nextToken(), key, out);
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonProcessingException("unexpected token " + token, p.currentLocation()) {};
        }
    }

    private void readValue(JsonParser p, JsonToken value, String key, Map<String, Object> out) throws IOException {
        switch (value) {
            case START_OBJECT -> readObject(p, key, out);
            case START_ARRAY -> {
                switch (arrays) {
                    case JSON -> put(out, key, new LogRecord.JsonText(checked(copyStructure(p), key)));
                    case DROP -> p.skipChildren();
                    case FLATTEN -> {
                        int index = 0;
                        JsonToken element;
                        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (element == null) throw new JsonEOFException(p, null, "end of input in an array");
                            readValue(p, element, key + "_" + index++, out);
                        }
                    }
                }
            }
            case VALUE_STRING -> put(out, key, checked(p.getText(), key));
            case VALUE_NUMBER_INT -> put(out, key, p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? p.getBigIntegerValue() : (Object) p.getLongValue());
            case VALUE_NUMBER_FLOAT -> put(out, key, decimal(p, key));
            case VALUE_TRUE -> put(out, key, Boolean.TRUE);
            case VALUE_FALSE -> put(out, key, Boolean.FALSE);
            case VALUE_NULL -> put(out, key, null);
            default -> throw new JsonProcessingException("unexpected token " + value, p.currentLocation()) {};
        }
    }

    /** A JSON decimal: a Double, or the exact BigDecimal for exact keys and numbers a double cannot hold. */
    private Object decimal(JsonParser p, String key) throws IOException {
        if (exactKeys != null && exactKeys.contains(key) && !literal(p)) return p.getDecimalValue();
        double d = p.getDoubleValue();
        if ((Double.isInfinite(d) && !literal(p)) || (d == 0 && !zero(p))) return p.getDecimalValue();
        return d;
    }

    /** Whether the number is one of the NaN/Infinity literals (JSON numbers never hold an I or N). */
    private static boolean literal(JsonParser p) throws IOException {
        String t = p.getText();
        return t.indexOf('N') >= 0 || t.indexOf('I') >= 0;
    }

    /** Whether a decimal that reads as 0 is written as zero (0.0, -0e5), not as a value too small for a double. */
    private static boolean zero(JsonParser p) throws IOException {
        String t = p.getText();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == 'e' || c == 'E') return true;
            if (c >= '1' && c <= '9') return false;
        }
        return true;
    }

    /** The text, unless it holds a lone surrogate: then the line is refused, naming the key ({@code key} null: the text is a key). */
    private static String checked(String text, String key) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (!Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            throw new LoneSurrogate("lone surrogate in a " + (key == null ? "key" : "string") + ": not Unicode, cannot be stored "
                    + "as UTF-8 [key=" + visible(key == null ? text : key) + ", char=" + String.format("\\u%04x", (int) c) + "]");
        }
        return text;
    }

    /** Lone surrogates as {@code \\uXXXX}, so the reason itself is valid Unicode. */
    private static String visible(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) b.append(c).append(s.charAt(++i));
            else if (Character.isSurrogate(c)) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.length() > 100 ? b.substring(0, 100) + "…" : b.toString();
    }

    /** Refuses a line from deep inside the reader; no stack trace, as it is a value, not a failure. */
    private static final class LoneSurrogate extends RuntimeException {
        LoneSurrogate(String message) {
            super(message, null, false, false);
        }
    }

    /** Keeps both values when two keys flatten to the same name: the later one is numbered (a_b, a_b_2, a_b_3...). */
    private static void put(Map<String, Object> out, String key, Object value) {
        if (out.putIfAbsent(key, value) == null) return;
        for (int i = 2; ; i++) {
            String numbered = key + "_" + i;
            if (out.putIfAbsent(numbered, value) == null) return;
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
