package io.stratmon.shipper;

import io.stratmon.shipper.tail.Batch;
import io.stratmon.shipper.tail.Line;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Converts a batch's lines ({@link LineConverter} of each line's input) and encodes the rows as ILP: by the single-pass
 * path where it can, by the general converter otherwise (the same bytes either way). A batch's buffers are used again
 * once the batch is delivered ({@link #recycle}): at full speed a fresh 8-16 MB buffer per poll, grown by doubling,
 * was half of what the shipper allocated, and the batches waiting for QuestDB were copied at every young collection.
 */
final class Encoder {
    private final List<LineConverter> converters;
    /** The dedup keys; null when dedup is off. */
    private final SrcKeys keys;
    private final int protocolVersion;
    private final int maxLineBytes;
    /** Delivered batches, emptied, for the next polls (one being read, two waiting, one being sent: at most two spare). */
    private final ArrayBlockingQueue<RowBatch> spare = new ArrayBlockingQueue<>(SPARE_BATCHES);
    private static final int SPARE_BATCHES = 2;
    /** The rows of every empty poll (nothing is ever added to it): an idle loop allocates no batch. */
    private final RowBatch none;

    Encoder(List<LineConverter> converters, SrcKeys keys, int protocolVersion, int maxLineBytes) {
        this.converters = converters;
        this.keys = keys;
        this.protocolVersion = protocolVersion;
        this.maxLineBytes = maxLineBytes;
        this.none = new RowBatch(protocolVersion);
    }

    Shipment encode(Batch batch) {
        if (batch.isEmpty() && batch.items().isEmpty()) return new Shipment(batch, none, List.of());
        RowBatch rows = spare.poll();
        if (rows == null) rows = new RowBatch(protocolVersion);
        List<Rejection> rejected = new ArrayList<>(0);
        for (Batch.Item item : batch.items()) {
            if (item instanceof Line line) {
                LineConverter converter = converters.get(line.source().input());
                if (converter.fast() != null && rows.addFast(converter.fast(), line, keys)) continue;
                Converted c = converter.convert(line);
                if (c instanceof Converted.Ok ok) {
                    rows.add(ok.row(), line, keys);
                } else if (c instanceof Converted.Rejected r) {
                    rejected.add(new Rejection(line.source(), line.offset(), line.copyBytes(), r.reason(), r.stage()));
                }
            } else if (item instanceof Batch.TooLong t) {
                rejected.add(new Rejection(t.source(), t.offset(), null, "line longer than max_line_bytes [length="
                        + t.length() + ", max_line_bytes=" + maxLineBytes + "]", Converted.Stage.READ));
            }
        }
        return new Shipment(batch, rows, rejected);
    }

    /**
     * The shipment was delivered and nothing refers to its rows any more (any thread): its buffers serve a later poll.
     * Call it once per shipment, after its rows were acknowledged or refused; never while a sink may still read them.
     */
    void recycle(Shipment shipment) {
        shipment.batch().recycle();
        RowBatch rows = shipment.rows();
        if (rows == none || rows == null) return;
        rows.clear();
        spare.offer(rows); // full: left to the collector
    }
}
