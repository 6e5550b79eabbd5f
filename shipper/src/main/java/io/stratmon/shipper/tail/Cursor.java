package io.stratmon.shipper.tail;

/**
 * Where reading a file has got to: every line before {@code offset} has been handed out. The tailer emits cursors;
 * only once the lines before them are acknowledged does the checkpoint store make them durable.
 *
 * @param id            device and inode
 * @param fingerprint   hash of the first line ({@link Fingerprint}); a file is this cursor's file only if both match
 * @param path          the path the file had when last seen (for humans; identity is id + fingerprint)
 * @param offset        the byte offset reading resumes at
 * @param updatedMillis when the file was last seen, to forget cursors of files long gone
 */
public record Cursor(FileId id, long fingerprint, String path, long offset, long updatedMillis) {}
