package io.stratmon.shipper.sink;

import io.stratmon.shipper.mapping.Row;

import java.util.List;
import java.util.Set;

/**
 * Rows already encoded as ILP lines in one byte array: row {@code i} is {@code bytes()[start(i) .. end(i))}.
 * A sink sends any contiguous range of them as one request, which lets the pipeline split a refused batch.
 */
public interface EncodedRows {
    int rows();

    byte[] bytes();

    int start(int row);

    int end(int row);

    /** The table of a row. */
    String table(int row);

    /** Tables among these rows that must exist with dedup keys before the rows are sent. */
    Set<String> dedupTables();

    /** Every table among these rows (at least the dedup ones). */
    default Set<String> tables() {
        return dedupTables();
    }

    /** Rows encoded as they are (no dedup keys, protocol 2), for tools and tests. */
    static EncodedRows of(List<Row> rows) {
        IlpBatch batch = new IlpBatch(2);
        rows.forEach(row -> batch.add(row, null, 0));
        return batch;
    }
}
