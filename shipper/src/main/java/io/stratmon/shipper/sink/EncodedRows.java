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

    /** Tables among these rows that must exist with dedup keys before the rows are sent. */
    Set<String> dedupTables();

    /** Rows encoded as they are (no dedup keys), for tools and tests. */
    static EncodedRows of(List<Row> rows) {
        IlpEncoder encoder = new IlpEncoder();
        int[] ends = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            encoder.row(rows.get(i));
            ends[i] = encoder.size();
        }
        return new EncodedRows() {
            @Override
            public int rows() {
                return ends.length;
            }

            @Override
            public byte[] bytes() {
                return encoder.buffer();
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
                return Set.of();
            }
        };
    }
}
