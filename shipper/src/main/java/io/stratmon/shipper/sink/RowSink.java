package io.stratmon.shipper.sink;

/** Rows to the database. When {@link #send} returns normally, QuestDB has acknowledged every row sent: they are durable. */
public interface RowSink extends AutoCloseable {

    /**
     * Sends rows {@code [from, to)} as one request. Throws {@link SinkException}: {@code REJECTED} when the database
     * refused the content (nothing of it was stored; {@link SinkException#rowIndex()} names the bad row, counted from
     * {@code from}, when known), or {@code UNAVAILABLE} when it could not be reached (retry later).
     */
    void send(EncodedRows rows, int from, int to);

    @Override
    void close();
}
