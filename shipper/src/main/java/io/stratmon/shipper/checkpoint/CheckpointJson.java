package io.stratmon.shipper.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stratmon.shipper.tail.FileId;
import io.stratmon.shipper.tail.Fingerprint;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The checkpoint file's format, {@code "version": 1}: per file {@code dev, ino, fingerprint} (16 hex digits),
 * {@code path, offset, updated_ms}. Reading is strict: a value the shipper never writes (a hand edit, a partial file)
 * is a {@link CheckpointFileException} naming its key, never a silent 0.
 */
final class CheckpointJson {
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointJson() {
    }

    static byte[] encode(Collection<Checkpoint> checkpoints) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ArrayNode files = root.putArray("files");
        for (Checkpoint c : checkpoints) {
            files.addObject().put("dev", c.id().device()).put("ino", c.id().inode())
                    .put("fingerprint", Fingerprint.hex(c.fingerprint())).put("path", c.path())
                    .put("offset", c.offset()).put("updated_ms", c.updatedMillis());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes what {@link #encode} wrote; {@code file} only names the source in errors. */
    static List<Checkpoint> decode(Path file, byte[] bytes) {
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            throw new CheckpointFileException(file, "-", "the file is empty (the shipper never writes an empty file:"
                    + " it was cut short outside the shipper, e.g. by a full disk or a copy)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "-"
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new CheckpointFileException(file, where, "not valid JSON, the file is truncated or was edited ("
                    + jacksonReason(e) + ")");
        } catch (java.io.IOException e) {
            throw new CheckpointFileException(file, "-", "cannot read it (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) throw new CheckpointFileException(file, "-", "not a JSON object");
        JsonNode version = root.get("version");
        if (version == null || !version.isIntegralNumber()) {
            throw new CheckpointFileException(file, "version", "missing or not a number [value=" + version + "]");
        }
        if (version.asLong() != VERSION) {
            throw new CheckpointFileException(file, "version", "unsupported version [value=" + version
                    + ", supported=" + VERSION + "]" + (version.asLong() > VERSION ? ", written by a newer stratmon:"
                    + " run that version, or" : ":") + " nothing was read");
        }
        JsonNode files = root.get("files");
        if (files == null || !files.isArray()) {
            throw new CheckpointFileException(file, "files", "missing or not a list [value=" + brief(files) + "]");
        }
        List<Checkpoint> result = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            result.add(entry(file, "files[" + i + "]", files.get(i)));
        }
        return result;
    }

    private static Checkpoint entry(Path file, String key, JsonNode f) {
        if (!f.isObject()) throw new CheckpointFileException(file, key, "not an object [value=" + brief(f) + "]");
        long dev = number(file, key, f, "dev", Long.MIN_VALUE);
        long ino = number(file, key, f, "ino", Long.MIN_VALUE);
        long offset = number(file, key, f, "offset", 0);
        long updated = number(file, key, f, "updated_ms", 0);
        JsonNode fp = f.get("fingerprint");
        if (fp == null || !fp.isTextual() || !fp.asText().matches("[0-9a-fA-F]{1,16}")) {
            throw new CheckpointFileException(file, key + ".fingerprint", "must be 1 to 16 hex digits [value="
                    + brief(fp) + "]");
        }
        JsonNode path = f.get("path");
        if (path == null || !path.isTextual()) {
            throw new CheckpointFileException(file, key + ".path", "missing or not a string [value=" + brief(path) + "]");
        }
        return new Checkpoint(new FileId(dev, ino), Long.parseUnsignedLong(fp.asText(), 16), path.asText(), offset, updated);
    }

    private static long number(Path file, String key, JsonNode f, String name, long min) {
        JsonNode n = f.get(name);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min) {
            throw new CheckpointFileException(file, key + "." + name, "must be a whole number"
                    + (min == 0 ? " >= 0" : "") + " [value=" + brief(n) + "]");
        }
        return n.asLong();
    }

    private static String jacksonReason(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        for (String cut : new String[] {" (start marker", "\n", " at [Source"}) {
            int i = m.indexOf(cut);
            if (i > 0) m = m.substring(0, i);
        }
        return m;
    }

    private static String brief(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
