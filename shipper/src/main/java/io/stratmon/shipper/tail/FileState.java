package io.stratmon.shipper.tail;

/**
 * One file as the source sees it now, for status and metrics.
 *
 * @param readOffset where reading has got to (lines before it are handed out, not necessarily acknowledged)
 * @param size       the file's size at the last look
 * @param draining   its path no longer leads to it (renamed away, deleted): read to the end, then closed
 * @param open       holds a file descriptor now (idle files are closed and reopened when they grow)
 * @param error      the last I/O error reading it, while it is being retried, or null
 */
public record FileState(FileSource source, String path, long readOffset, long size, boolean draining, boolean open,
                        String error) {}
