package io.stratmon.shipper.tail;

import java.util.List;

/**
 * Where to start reading a file seen for the first time in this run. A file is known by its inode <i>and</i> its
 * first line ({@link Fingerprint}); the rules, in order:
 * <ol>
 *   <li>no complete first line yet: nothing of it was ever shipped under this identity, start at 0 (or its end);</li>
 *   <li>same inode and first line as a cursor: resume there (restart; rename rotation while we were away), or from 0
 *       if the file is now shorter than the cursor (it was rewritten);</li>
 *   <li>same first line as a file open now, or as the old content of a truncated file, or as a file shipped before:
 *       it is a copy (copytruncate's {@code .1}, a backup), resume at that offset; its rows carry the same
 *       {@code _src}, so an overlap is removed by QuestDB's deduplication;</li>
 *   <li>same inode, other first line: the inode was reused, or the file was rewritten while we were away: from 0;</li>
 *   <li>otherwise a new file: from the beginning, or the end if configured.</li>
 * </ol>
 * Pure: {@link #decide} only reads its arguments; the caller forgets the {@link Decision#matched()} cursor.
 */
public final class ResumeRules {
    private ResumeRules() {}

    /** Which rule decided. */
    public enum Reason { NO_FIRST_LINE, CHECKPOINT, SHORTER_THAN_CHECKPOINT, COPY_OF_OPEN_FILE, COPY_OF_TRUNCATED,
        COPY_OF_SHIPPED, INODE_REUSED, NEW_FILE }

    /**
     * @param offset  where to start reading
     * @param matched the cursor the decision used up (of {@code retained} or {@code truncated}), or null
     */
    public record Decision(long offset, Reason reason, Cursor matched) {}

    /**
     * @param retained  cursors of files not open now (drained, rotated away, before a restart)
     * @param truncated cursors of contents truncated away (a copy of them may appear)
     * @param open      cursors of the files open now, at their read offsets
     */
    public static Decision decide(FileId id, long fingerprint, long size, boolean startAtEnd,
                                  List<Cursor> retained, List<Cursor> truncated, List<Cursor> open) {
        long fresh = startAtEnd ? size : 0;
        if (fingerprint == Fingerprint.NOT_YET) return new Decision(fresh, Reason.NO_FIRST_LINE, null);
        for (Cursor c : retained) {
            if (c.id().equals(id) && c.fingerprint() == fingerprint) {
                return c.offset() <= size ? new Decision(c.offset(), Reason.CHECKPOINT, c)
                        : new Decision(0, Reason.SHORTER_THAN_CHECKPOINT, c);
            }
        }
        for (Cursor c : open) {
            if (c.fingerprint() == fingerprint) return new Decision(Math.min(c.offset(), size), Reason.COPY_OF_OPEN_FILE, null);
        }
        for (Cursor c : truncated) {
            if (c.fingerprint() == fingerprint) return new Decision(Math.min(c.offset(), size), Reason.COPY_OF_TRUNCATED, c);
        }
        for (Cursor c : retained) {
            if (c.fingerprint() == fingerprint) return new Decision(Math.min(c.offset(), size), Reason.COPY_OF_SHIPPED, c);
        }
        for (Cursor c : retained) {
            if (c.id().equals(id)) return new Decision(0, Reason.INODE_REUSED, c);
        }
        return new Decision(fresh, Reason.NEW_FILE, null);
    }
}
