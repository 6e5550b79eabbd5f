package io.stratmon.shipper.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.stratmon.shipper.tail.FileId;
import io.stratmon.shipper.tail.Fingerprint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint file's format, {@code "version": 1}: per file {@code dev, ino, fingerprint} (16 hex digits),
 * {@code path, offset, updated_ms}. Reading is strict: a value the shipper never writes (a hand edit, a partial file)
 * is a {@link CheckpointFileException} naming its key, never a silent 0. Read and written with jackson-core's
 * streaming parser and generator (no databind: it is on an agent's way to its first shipped line).
 */
final class CheckpointJson {
    static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();
    /** JSON's null, in the values {@link #tree} reads (a Java null is a missing key). */
    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private CheckpointJson() {
    }

    static byte[] encode(Collection<Checkpoint> checkpoints) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 160 * checkpoints.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeArrayFieldStart("files");
            for (Checkpoint c : checkpoints) {
                g.writeStartObject();
                g.writeNumberField("dev", c.id().device());
                g.writeNumberField("ino", c.id().inode());
                g.writeStringField("fingerprint", Fingerprint.hex(c.fingerprint()));
                g.writeStringField("path", c.path());
                g.writeNumberField("offset", c.offset());
                g.writeNumberField("updated_ms", c.updatedMillis());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /** Decodes what {@link #encode} wrote; {@code file} only names the source in errors. */
    static List<Checkpoint> decode(Path file, byte[] bytes) {
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            throw new CheckpointFileException(file, "-", "the file is empty (the shipper never writes an empty file:"
                    + " it was cut short outside the shipper, e.g. by a full disk or a copy)");
        }
        Object root;
        try (JsonParser p = JSON.createParser(bytes)) {
            root = tree(p, p.nextToken());
            if (p.nextToken() != null) throw new JsonParseException(p, "more after the JSON object");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "-"
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new CheckpointFileException(file, where, "not valid JSON, the file is truncated or was edited ("
                    + jacksonReason(e) + ")");
        } catch (java.io.IOException e) {
            throw new CheckpointFileException(file, "-", "cannot read it (" + e.getMessage() + ")");
        }
        if (!(root instanceof Map<?, ?> object)) throw new CheckpointFileException(file, "-", "not a JSON object");
        Object version = object.get("version");
        if (!(version instanceof Long) && !(version instanceof BigInteger)) {
            throw new CheckpointFileException(file, "version", "missing or not a number [value=" + json(version) + "]");
        }
        long versionNumber = ((Number) version).longValue();
        if (!(version instanceof Long) || versionNumber != VERSION) {
            throw new CheckpointFileException(file, "version", "unsupported version [value=" + version
                    + ", supported=" + VERSION + "]" + (version instanceof BigInteger || versionNumber > VERSION
                    ? ", written by a newer stratmon:"
                    + " run that version, or" : ":") + " nothing was read");
        }
        if (!(object.get("files") instanceof List<?> files)) {
            throw new CheckpointFileException(file, "files", "missing or not a list [value=" + brief(object.get("files")) + "]");
        }
        List<Checkpoint> result = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            result.add(entry(file, "files[" + i + "]", files.get(i)));
        }
        return result;
    }

    private static Checkpoint entry(Path file, String key, Object value) {
        if (!(value instanceof Map<?, ?> f)) throw new CheckpointFileException(file, key, "not an object [value=" + brief(value) + "]");
        long dev = number(file, key, f, "dev", Long.MIN_VALUE);
        long ino = number(file, key, f, "ino", Long.MIN_VALUE);
        long offset = number(file, key, f, "offset", 0);
        long updated = number(file, key, f, "updated_ms", 0);
        Object fp = f.get("fingerprint");
        if (!(fp instanceof String hex) || !hex.matches("[0-9a-fA-F]{1,16}")) {
            throw new CheckpointFileException(file, key + ".fingerprint", "must be 1 to 16 hex digits [value="
                    + brief(fp) + "]");
        }
        if (!(f.get("path") instanceof String path)) {
            throw new CheckpointFileException(file, key + ".path", "missing or not a string [value=" + brief(f.get("path")) + "]");
        }
        return new Checkpoint(new FileId(dev, ino), Long.parseUnsignedLong(hex, 16), path, offset, updated);
    }

    private static long number(Path file, String key, Map<?, ?> f, String name, long min) {
        Object n = f.get(name);
        if (!(n instanceof Long v) || v < min) {
            throw new CheckpointFileException(file, key + "." + name, "must be a whole number"
                    + (min == 0 ? " >= 0" : "") + " [value=" + brief(n) + "]");
        }
        return v;
    }

    /**
     * The JSON value at the parser's current token as plain Java: an object a {@link LinkedHashMap}, an array a
     * list, a whole number a Long (a BigInteger past a long), any other number a Double, text a String, true/false a
     * Boolean, null {@link #NULL}; null at the end of the input.
     */
    private static Object tree(JsonParser p, JsonToken t) throws IOException {
        if (t == null) return null;
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    m.put(name, tree(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken e; (e = p.nextToken()) != JsonToken.END_ARRAY; ) list.add(tree(p, e));
                return list;
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return t == JsonToken.VALUE_TRUE;
            }
            case VALUE_NULL -> {
                return NULL;
            }
            default -> throw new JsonParseException(p, "unexpected " + t);
        }
    }

    /** A value of {@link #tree} as JSON text (for error messages); a missing one as "null". */
    private static String json(Object v) {
        if (v == null || v == NULL) return "null";
        if (v instanceof String || v instanceof Map || v instanceof List) {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(w)) {
                write(g, v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return w.toString();
        }
        return String.valueOf(v);
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object e : list) write(g, e);
            g.writeEndArray();
        } else if (v instanceof String text) {
            g.writeString(text);
        } else if (v == NULL || v == null) {
            g.writeNull();
        } else {
            g.writeRawValue(String.valueOf(v));
        }
    }

    private static String jacksonReason(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        for (String cut : new String[] {" (start marker", "\n", " at [Source"}) {
            int i = m.indexOf(cut);
            if (i > 0) m = m.substring(0, i);
        }
        return m;
    }

    private static String brief(Object n) {
        String s = json(n);
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
