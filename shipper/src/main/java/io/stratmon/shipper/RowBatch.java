package io.stratmon.shipper;

import io.stratmon.shipper.fast.FastConverter;
import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.sink.EncodedRows;
import io.stratmon.shipper.sink.IlpBatch;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.Line;

import java.util.Arrays;
import java.util.Set;

/**
 * The rows of one batch, encoded as ILP as soon as they are converted, with the line each came from. Keeping bytes
 * instead of row objects keeps the heap small while batches wait for QuestDB, which matters to the garbage collector
 * at hundreds of thousands of lines a second. The lines (views on their batch's bytes) serve the dead-letter file
 * should QuestDB refuse a row, and the per-file counts once it acknowledges them.
 */
final class RowBatch implements EncodedRows {
    private final IlpBatch ilp;
    private Line[] lines = new Line[1024];
    private FileSource lastSource;
    private String lastSrc;
    /** Each row's designated timestamp (the line's own time): its end-to-end lag once QuestDB acknowledges it. */
    private long[] timestamps = new long[1024];

    RowBatch(int protocolVersion) {
        this.ilp = new IlpBatch(protocolVersion);
    }

    /** Adds a row made from {@code line}; {@code keys} non-null adds its dedup keys {@code _src} and {@code _offset}. */
    void add(Row row, Line line, SrcKeys keys) {
        int i = ilp.rows();
        grow(i);
        timestamps[i] = row.timestampNanos();
        ilp.add(row, src(line, keys), line.offset());
        lines[i] = line;
    }

    /**
     * Adds the row of {@code line} by the single-pass path and returns true, or adds nothing and returns false (then
     * the line takes the general path: {@link LineConverter#convert} and {@link #add}).
     */
    boolean addFast(FastConverter fast, Line line, SrcKeys keys) {
        int i = ilp.rows();
        if (!fast.append(line, ilp, src(line, keys))) return false;
        grow(i);
        timestamps[i] = fast.lastTimestampNanos();
        lines[i] = line;
        return true;
    }

    /**
     * Empties the batch for the next poll's rows, its buffers kept (the {@link Encoder}'s pool): what a batch holds
     * while it waits for QuestDB then lives in arrays the collector no longer copies at every young collection.
     */
    void clear() {
        Arrays.fill(lines, 0, ilp.rows(), null); // the lines' bytes belong to their batch, which may go now
        ilp.clear();
        lastSource = null;
        lastSrc = null;
    }

    private void grow(int i) {
        if (i == lines.length) {
            lines = Arrays.copyOf(lines, i * 2);
            timestamps = Arrays.copyOf(timestamps, i * 2);
        }
    }

    /** Designated timestamps (epoch nanos) by row; valid up to {@link #rows()}. */
    long[] timestampsNanos() {
        return timestamps;
    }

    /** The {@code _src} of a line's row, null without dedup keys. */
    private String src(Line line, SrcKeys keys) {
        if (keys == null) return null;
        // Lines of one file come one after the other: the key is made once per run of them.
        if (line.source() != lastSource) {
            lastSource = line.source();
            lastSrc = keys.src(lastSource);
        }
        return lastSrc;
    }

    /** The line row {@code row} was made from. */
    Line line(int row) {
        return lines[row];
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
    public Set<String> dedupTables() {
        return ilp.dedupTables();
    }

    @Override
    public String table(int row) {
        return ilp.table(row);
    }

    /** Every table among the rows. */
    @Override
    public Set<String> tables() {
        return ilp.tables();
    }
}
