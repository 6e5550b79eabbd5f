package io.stratmon.shipper.checkpoint;

import io.stratmon.shipper.tail.Cursor;
import io.stratmon.shipper.tail.FileId;

/**
 * How far a file is safely shipped: every line before {@code offset} is acknowledged by QuestDB (or dead-lettered).
 * A file is this checkpoint's file only if both its inode and its first line ({@code fingerprint}) match.
 *
 * @param path          the path the file had when last seen (for humans and `status`; identity is id + fingerprint)
 * @param updatedMillis when the file was last seen, to forget checkpoints of files long gone
 */
public record Checkpoint(FileId id, long fingerprint, String path, long offset, long updatedMillis) {

    /** The durable form of a cursor the tailer emitted. */
    public static Checkpoint of(Cursor c) {
        return new Checkpoint(c.id(), c.fingerprint(), c.path(), c.offset(), c.updatedMillis());
    }

    /** The cursor to resume reading at. */
    public Cursor cursor() {
        return new Cursor(id, fingerprint, path, offset, updatedMillis);
    }

    public Checkpoint withOffset(long value, long nowMillis) {
        return new Checkpoint(id, fingerprint, path, value, nowMillis);
    }
}
