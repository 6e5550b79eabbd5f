package io.stratmon.shipper.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Checkpoints in one JSON file, {@code checkpoints.json} (format: {@link CheckpointJson}), written atomically:
 * temp file, fsync, rename, fsync of the directory. A crash at any point leaves the previous file whole, and a temp
 * file left behind by a crash is never read.
 */
public final class JsonFileCheckpointStore implements CheckpointStore {
    /** The steps of one commit, a seam so tests can fail (or "crash") between them. */
    public interface FileWrites {
        void writeDurably(Path temp, byte[] bytes) throws IOException;

        void replace(Path temp, Path file) throws IOException;

        void syncDirectory(Path dir);

        FileWrites REAL = new FileWrites() {
            @Override
            public void writeDurably(Path temp, byte[] bytes) throws IOException {
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) ch.write(buffer);
                    ch.force(true);
                }
            }

            @Override
            public void replace(Path temp, Path file) throws IOException {
                // Rename is atomic: if we die before it, the old file is still whole.
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }

            @Override
            public void syncDirectory(Path dir) {
                try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                    ch.force(true);
                } catch (IOException ignored) {
                    // Not every file system lets a directory be opened; the rename is still atomic there.
                }
            }
        };
    }

    private final Path file;
    private final Path temp;
    private final FileWrites writes;

    public JsonFileCheckpointStore(Path stateDir) {
        this(stateDir, FileWrites.REAL);
    }

    public JsonFileCheckpointStore(Path stateDir, FileWrites writes) {
        this.file = stateDir.resolve("checkpoints.json");
        this.temp = stateDir.resolve("checkpoints.json.tmp");
        this.writes = writes;
    }

    public Path file() {
        return file;
    }

    @Override
    public List<Checkpoint> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        } catch (IOException e) {
            throw new CheckpointFileException(file, "-", "cannot read it (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); check that the state dir is a readable directory");
        }
        return CheckpointJson.decode(file, bytes);
    }

    @Override
    public void commit(Collection<Checkpoint> checkpoints) {
        byte[] bytes = CheckpointJson.encode(checkpoints);
        try {
            Files.createDirectories(file.getParent());
            writes.writeDurably(temp, bytes);
            writes.replace(temp, file);
            writes.syncDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoints [path=" + file + "]: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
