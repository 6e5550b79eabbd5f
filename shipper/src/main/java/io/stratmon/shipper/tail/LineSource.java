package io.stratmon.shipper.tail;

import java.io.IOException;
import java.util.List;

/**
 * Lines from tailed files, pulled a batch at a time. Reading never moves a checkpoint: a batch carries the cursors it
 * ends at, and whoever ships its lines makes those durable once they are acknowledged. Not thread-safe: one thread polls.
 */
public interface LineSource extends AutoCloseable {

    /** At most about this many bytes and lines per poll. */
    record Budget(long bytes, int lines) {}

    /** Reads what is there now, up to the budget; an empty batch when every file is at its end. Never blocks. */
    Batch poll(Budget budget);

    /** Every file known now, as of the last poll (for status and metrics). */
    List<FileState> files();

    @Override
    void close() throws IOException;
}
