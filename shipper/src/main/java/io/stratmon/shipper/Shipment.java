package io.stratmon.shipper;

import io.stratmon.shipper.tail.Batch;

import java.util.List;

/** A batch between reading and delivery: the batch, its rows encoded, and the lines it dead-letters. */
record Shipment(Batch batch, RowBatch rows, List<Rejection> rejected) {
    static final Shipment END = new Shipment(Batch.EMPTY, null, List.of());
}
