package io.stratmon.shipper.sink;

import io.stratmon.shipper.mapping.Row;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Rows encoded one after the other in one buffer, with where each ends: what a sink sends, in whole or in ranges. */
public final class IlpBatch implements EncodedRows {
    private final IlpEncoder ilp;
    private final Set<String> dedupTables = new HashSet<>();
    private final Set<String> tables = new HashSet<>();
    private String lastTable;
    private boolean lastHadSrc;
    private int[] ends = new int[1024];
    private String[] tableOf = new String[1024];
    private int rows;

    public IlpBatch(int protocolVersion) {
        this.ilp = new IlpEncoder(protocolVersion);
    }

    /** Appends a row; {@code src} non-null adds the dedup keys {@code _src} and {@code _offset}. */
    public void add(Row row, String src, long offset) {
        ilp.row(row, src, offset);
        ended(row.table(), src != null);
    }

    /** The encoder, for a writer that appends one row straight into the buffer (the single-pass path), then calls {@link #ended}. */
    public IlpEncoder encoder() {
        return ilp;
    }

    /** Records the row just written into {@link #encoder()}: its table and whether it carries the dedup keys. */
    public void ended(String table, boolean dedup) {
        if (rows == ends.length) {
            ends = Arrays.copyOf(ends, rows * 2);
            tableOf = Arrays.copyOf(tableOf, rows * 2);
        }
        tableOf[rows] = table;
        // Consecutive rows mostly share a table: the set look-ups are skipped then.
        if (table != lastTable || dedup != lastHadSrc) {
            lastTable = table;
            lastHadSrc = dedup;
            tables.add(lastTable);
            if (lastHadSrc) dedupTables.add(lastTable);
        }
        ends[rows++] = ilp.size();
    }

    /** Empties the batch for reuse (the pipeline's batches go round a small pool, {@code Encoder}). */
    public void clear() {
        ilp.recycle();
        rows = 0;
        tables.clear();
        dedupTables.clear();
        lastTable = null;
        lastHadSrc = false;
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
    public String table(int row) {
        return tableOf[row];
    }

    @Override
    public Set<String> dedupTables() {
        return dedupTables;
    }

    /** Every table among the rows (for the visibility check before checkpoints move). */
    @Override
    public Set<String> tables() {
        return tables;
    }
}
