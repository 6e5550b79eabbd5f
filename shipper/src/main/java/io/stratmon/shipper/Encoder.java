package io.stratmon.shipper;

import io.stratmon.shipper.tail.Batch;
import io.stratmon.shipper.tail.Line;

import java.util.ArrayList;
import java.util.List;

/**
 * Converts a batch's lines ({@link LineConverter} of each line's input) and encodes the rows as ILP: by the single-pass
 * path where it can, by the general converter otherwise (the same bytes either way).
 */
final class Encoder {
    private final List<LineConverter> converters;
    /** The dedup keys; null when dedup is off. */
    private final SrcKeys keys;
    private final int protocolVersion;
    private final int maxLineBytes;

    Encoder(List<LineConverter> converters, SrcKeys keys, int protocolVersion, int maxLineBytes) {
        this.converters = converters;
        this.keys = keys;
        this.protocolVersion = protocolVersion;
        this.maxLineBytes = maxLineBytes;
    }

    Shipment encode(Batch batch) {
        RowBatch rows = new RowBatch(protocolVersion);
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
}
