package io.stratmon.shipper;

import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.sink.EncodedRows;
import io.stratmon.shipper.sink.IlpBatch;
import io.stratmon.shipper.tail.TrackedFile;

import java.util.Arrays;
import java.util.Set;

/**
 * The rows of one batch, encoded as ILP as soon as they are mapped, with where each came from. Keeping bytes and a
 * few arrays instead of row objects keeps the heap small while batches wait for QuestDB, which matters to the garbage
 * collector at hundreds of thousands of lines a second. The raw line of every row is kept too (in one buffer), for the
 * dead-letter file should QuestDB refuse it.
 */
final class RowBatch implements EncodedRows {
    private final IlpBatch ilp;
    private TrackedFile[] files = new TrackedFile[1024];
    private long[] offsets = new long[1024];
    private int[] rawEnds = new int[1024];
    private byte[] raw = new byte[1 << 16];
    private int rawSize;

    RowBatch(int protocolVersion) {
        this.ilp = new IlpBatch(protocolVersion);
    }

    /**
     * Adds a row read from {@code file} at {@code offset}; {@code src} non-null adds the dedup keys. {@code file} is
     * null for the shipper's own metrics rows, which have no line.
     */
    void add(Row row, String src, TrackedFile file, long offset, byte[] line, int lineStart, int lineLength) {
        int i = ilp.rows();
        if (i == files.length) {
            files = Arrays.copyOf(files, i * 2);
            offsets = Arrays.copyOf(offsets, i * 2);
            rawEnds = Arrays.copyOf(rawEnds, i * 2);
        }
        ilp.add(row, src, offset);
        files[i] = file;
        offsets[i] = offset;
        if (line != null) {
            if (rawSize + lineLength > raw.length) raw = Arrays.copyOf(raw, Math.max(raw.length * 2, rawSize + lineLength));
            System.arraycopy(line, lineStart, raw, rawSize, lineLength);
            rawSize += lineLength;
        }
        rawEnds[i] = rawSize;
    }

    @Override
    public int rows() {
        return ilp.rows();
    }

    @Override
    public byte[] bytes() {
        return ilp.bytes();
    }

    @Override
    public int start(int row) {
        return ilp.start(row);
    }

    @Override
    public int end(int row) {
        return ilp.end(row);
    }

    @Override
    public String table(int row) {
        return ilp.table(row);
    }

    @Override
    public Set<String> dedupTables() {
        return ilp.dedupTables();
    }

    /** Every table among the rows. */
    @Override
    public Set<String> tables() {
        return ilp.tables();
    }

    /** The file a row came from, or null for a metrics row. */
    TrackedFile file(int row) {
        return files[row];
    }

    long offset(int row) {
        return offsets[row];
    }

    /** The line a row was made from, or null for a metrics row. */
    byte[] line(int row) {
        int from = row == 0 ? 0 : rawEnds[row - 1];
        return files[row] == null ? null : Arrays.copyOfRange(raw, from, rawEnds[row]);
    }

    /** Lines of files among rows [from, to) (metrics rows are not lines). */
    int lines(int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) if (files[i] != null) n++;
        return n;
    }
}
