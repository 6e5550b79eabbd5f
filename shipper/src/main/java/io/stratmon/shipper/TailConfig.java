package io.stratmon.shipper;

import io.stratmon.shipper.config.ConfigProblem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the shipper reads files.
 *
 * @param readFrom     where to start in a file never seen before (no checkpoint)
 * @param maxLineBytes longer lines are dead-lettered, not buffered
 * @param pollInterval how long to wait when every file is at its end
 * @param scanInterval how often globs are expanded again to find new and rotated files
 * @param rotateWait   how long a rotated-away or deleted file stays open after it was drained, in case its writer is late
 */
public record TailConfig(ReadFrom readFrom, int maxLineBytes, Duration pollInterval, Duration scanInterval, Duration rotateWait) {

    /** Where to start reading a file that has no checkpoint. */
    public enum ReadFrom { BEGINNING, END }

    public static TailConfig defaults() {
        return new TailConfig(ReadFrom.BEGINNING, 1024 * 1024, Duration.ofMillis(20), Duration.ofMillis(500), Duration.ofSeconds(5));
    }

    public TailConfig withReadFrom(ReadFrom value) {
        return new TailConfig(value, maxLineBytes, pollInterval, scanInterval, rotateWait);
    }

    public TailConfig withMaxLineBytes(int value) {
        return new TailConfig(readFrom, value, pollInterval, scanInterval, rotateWait);
    }

    public TailConfig withPollInterval(Duration value) {
        return new TailConfig(readFrom, maxLineBytes, value, scanInterval, rotateWait);
    }

    public TailConfig withScanInterval(Duration value) {
        return new TailConfig(readFrom, maxLineBytes, pollInterval, value, rotateWait);
    }

    public TailConfig withRotateWait(Duration value) {
        return new TailConfig(readFrom, maxLineBytes, pollInterval, scanInterval, value);
    }

    /** Every problem, each naming its key as written in the {@code [shipper]} table ({@code max_line_bytes}). */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> problems = new ArrayList<>();
        if (readFrom == null) problems.add(ConfigProblem.of("read_from", "must be beginning or end"));
        if (maxLineBytes < 16) problems.add(ConfigProblem.of("max_line_bytes", "must be at least 16 [value=" + maxLineBytes + "]"));
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) problems.add(ConfigProblem.of("poll_interval", "must be positive [value=" + pollInterval + "]"));
        if (scanInterval == null || scanInterval.isNegative() || scanInterval.isZero()) problems.add(ConfigProblem.of("scan_interval", "must be positive [value=" + scanInterval + "]"));
        if (rotateWait == null || rotateWait.isNegative()) problems.add(ConfigProblem.of("rotate_wait", "must not be negative"));
        return problems;
    }
}
