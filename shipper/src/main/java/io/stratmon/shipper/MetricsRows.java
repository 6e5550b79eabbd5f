package io.stratmon.shipper;

import io.stratmon.shipper.sink.IlpBatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which {@code stratmon_shipper} rows a metrics send carries (sending thread): the totals row ({@code file = '*'})
 * every time, since it is the shipper's sign of life in QuestDB (the built-in "shipper silent" alert), and a row per
 * file only for the files whose entry changed since the last row sent for them, or that are behind. A status snapshot
 * is taken only when something changed ({@link Reporter}), so while everything is idle a send looks at no file at all:
 * the totals of the snapshot are kept from the first send of it.
 */
final class MetricsRows {
    private final HealthReport health;
    private final int protocolVersion;
    private final Map<String, ShipperStatus.FileStatus> sent = new HashMap<>();
    private ShipperStatus last;
    private long bytesBehind;
    private double secondsBehind;

    MetricsRows(HealthReport health, int protocolVersion) {
        this.health = health;
        this.protocolVersion = protocolVersion;
    }

    IlpBatch of(ShipperStatus status) {
        List<ShipperStatus.FileStatus> files = List.of();
        if (status != last) {
            last = status;
            bytesBehind = 0;
            secondsBehind = 0;
            files = new ArrayList<>();
            Map<String, ShipperStatus.FileStatus> now = new HashMap<>(status.files().size() * 2);
            for (ShipperStatus.FileStatus f : status.files()) {
                bytesBehind += f.bytesBehind();
                secondsBehind = Math.max(secondsBehind, f.secondsBehind());
                String key = f.fileId() + " " + f.path();
                ShipperStatus.FileStatus before = sent.get(key);
                if (f.bytesBehind() > 0 || before == null || !before.equals(f)) files.add(f);
                now.put(key, f);
            }
            sent.clear(); // files gone from the status are forgotten
            sent.putAll(now);
        }
        return health.metricsRows(status, files, bytesBehind, secondsBehind, protocolVersion);
    }
}
