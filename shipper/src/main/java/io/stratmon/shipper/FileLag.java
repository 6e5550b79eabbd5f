package io.stratmon.shipper;

import java.util.ArrayDeque;

/**
 * How long a file's oldest unshipped bytes have waited, worked out from the sizes the status snapshots saw: each time
 * a snapshot finds the file larger, it notes the size and the time; the bytes past the acknowledged offset were first
 * seen at the first noted size beyond that offset. So a file written steadily and shipped as it grows stays near 0
 * however long it runs (something is always in flight when a snapshot looks, but never the same bytes for long), and a
 * file the shipper does not keep up with counts from when its oldest unshipped bytes were first seen. The figure is
 * at most one snapshot late; a file that shrank (truncated, copytruncate) starts again.
 */
final class FileLag {
    /** Sizes kept per file: beyond it the newest entry takes the new size (its time kept, so the figure stays an upper bound there). */
    static final int MAX_SIZES = 1024;

    /** {nanos, size}: the first snapshot that saw the file at least that large, oldest first, sizes increasing. */
    private final ArrayDeque<long[]> seen = new ArrayDeque<>();

    /** The seconds the oldest byte past {@code acked} has waited as of {@code now}, 0 when every byte is acknowledged. */
    double secondsBehind(long now, long size, long acked) {
        if (!seen.isEmpty() && size < seen.peekLast()[1]) seen.clear(); // shrank: what it held before says nothing now
        while (!seen.isEmpty() && seen.peekFirst()[1] <= acked) seen.pollFirst();
        if (size <= acked) {
            seen.clear();
            return 0;
        }
        if (seen.isEmpty() || size > seen.peekLast()[1]) {
            if (seen.size() < MAX_SIZES) seen.addLast(new long[] {now, size});
            else seen.peekLast()[1] = size;
        }
        return (now - seen.peekFirst()[0]) / 1e9;
    }
}
