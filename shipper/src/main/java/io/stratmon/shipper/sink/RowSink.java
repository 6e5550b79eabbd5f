package io.stratmon.shipper.sink;

import io.stratmon.shipper.mapping.Row;

import java.util.List;

/** Rows to the database. When {@link #send} returns normally, QuestDB has acknowledged every row: they are durable. */
public interface RowSink extends AutoCloseable {

    /**
     * Sends the rows as one request. Throws {@link SinkException}: {@code REJECTED} when the database refused the
     * content (nothing of it was stored; {@link SinkException#rowIndex()} names the bad row when known), or
     * {@code UNAVAILABLE} when it could not be reached (retry later: whether anything was stored is unknown).
     */
    void send(List<Row> rows);

    @Override
    void close();
}
