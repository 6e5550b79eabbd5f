package io.stratmon.shipper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A shipper alone in its own process, for tests that need one (file-descriptor limits, CPU): {@code GLOB URL STATE}. */
public final class ShipperMain {
    private ShipperMain() {}

    public static void main(String[] args) throws Exception {
        ShipperConfig config = ShipperConfig.of(List.of(args[0]), args[1], Path.of(args[2])).withMetricsInterval(Duration.ZERO);
        if (args.length > 4) config = config.withCredentials(args[3], args[4]);
        try (Shipper shipper = Shipper.start(config)) {
            System.out.println("started");
            while (shipper.isRunning()) Thread.sleep(200);
            System.out.println("stopped: " + shipper.failure());
        }
    }
}
