package io.stratmon.shipper.checkpoint;

import io.stratmon.shipper.tail.FileId;

/**
 * How far a file is safely shipped: every line before {@code offset} is acknowledged by QuestDB (or dead-lettered).
 * A file is this checkpoint's file only if both its inode and its first line ({@code fingerprint}) match.
 *
 * @param path          the path the file had when last seen (for humans and `status`; identity is id + fingerprint)
 * @param updatedMillis when the file was last seen, to forget checkpoints of files long gone
 */
public record Checkpoint(FileId id, long fingerprint, String path, long offset, long updatedMillis) {

    public Checkpoint withOffset(long value, long nowMillis) {
        return new Checkpoint(id, fingerprint, path, value, nowMillis);
    }
}
