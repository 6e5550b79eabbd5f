package io.stratmon.shipper.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stratmon.shipper.tail.FileId;
import io.stratmon.shipper.tail.Fingerprint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Checkpoints in one JSON file ({@code checkpoints.json}, {@code "version": 1}: per file {@code dev, ino,
 * fingerprint, path, offset, updated_ms}) written atomically:
 * temp file, fsync, rename, fsync of the directory. A crash at any point leaves the previous file whole.
 */
public final class JsonFileCheckpointStore implements CheckpointStore {
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path temp;

    public JsonFileCheckpointStore(Path stateDir) {
        this.file = stateDir.resolve("checkpoints.json");
        this.temp = stateDir.resolve("checkpoints.json.tmp");
    }

    public Path file() {
        return file;
    }

    @Override
    public List<Checkpoint> load() {
        List<Checkpoint> result = new ArrayList<>();
        if (!Files.exists(file)) return result;
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read checkpoints [path=" + file + "]: " + e.getMessage()
                    + " (move the file away to start over from the configured start position)", e);
        }
        int version = root.path("version").asInt(-1);
        if (version != VERSION) {
            throw new IllegalStateException("unsupported checkpoint file version [path=" + file + ", version=" + version
                    + ", supported=" + VERSION + "]");
        }
        for (JsonNode f : root.path("files")) {
            FileId id = new FileId(f.path("dev").asLong(), f.path("ino").asLong());
            long fingerprint = Long.parseUnsignedLong(f.path("fingerprint").asText("0"), 16);
            result.add(new Checkpoint(id, fingerprint, f.path("path").asText(), f.path("offset").asLong(),
                    f.path("updated_ms").asLong()));
        }
        return result;
    }

    @Override
    public void commit(Collection<Checkpoint> checkpoints) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ArrayNode files = root.putArray("files");
        for (Checkpoint c : checkpoints) {
            files.addObject().put("dev", c.id().device()).put("ino", c.id().inode())
                    .put("fingerprint", Fingerprint.hex(c.fingerprint())).put("path", c.path())
                    .put("offset", c.offset()).put("updated_ms", c.updatedMillis());
        }
        try {
            Files.createDirectories(file.getParent());
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) ch.write(buffer);
                ch.force(true);
            }
            // Rename is atomic: if we die before it, the old file is still whole.
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoints [path=" + file + "]", e);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Not every file system lets a directory be opened; the rename is still atomic there.
        }
    }
}
