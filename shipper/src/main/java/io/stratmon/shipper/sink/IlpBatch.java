package io.stratmon.shipper.sink;

import io.stratmon.shipper.mapping.Row;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Rows encoded one after the other in one buffer, with where each ends: what a sink sends, in whole or in ranges. */
public final class IlpBatch implements EncodedRows {
    private final IlpEncoder ilp;
    private final Set<String> dedupTables = new HashSet<>();
    private int[] ends = new int[1024];
    private int rows;

    public IlpBatch(int protocolVersion) {
        this.ilp = new IlpEncoder(protocolVersion);
    }

    /** Appends a row; {@code src} non-null adds the dedup keys {@code _src} and {@code _offset}. */
    public void add(Row row, String src, long offset) {
        if (rows == ends.length) ends = Arrays.copyOf(ends, rows * 2);
        ilp.row(row, src, offset);
        if (src != null) dedupTables.add(row.table());
        ends[rows++] = ilp.size();
    }

    /** Bytes encoded so far. */
    public int size() {
        return ilp.size();
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public byte[] bytes() {
        return ilp.buffer();
    }

    @Override
    public int start(int row) {
        return row == 0 ? 0 : ends[row - 1];
    }

    @Override
    public int end(int row) {
        return ends[row];
    }

    @Override
    public Set<String> dedupTables() {
        return dedupTables;
    }
}
