package io.stratmon.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident memory ({@code VmHWM} in {@code /proc/self/status}), which the bench can set back to
 * the current size before the phase it measures ({@code echo 5 > /proc/self/clear_refs}). The figure is the whole
 * process: the embedded QuestDB (its mapped table files count while they are resident) and the shipper together.
 */
public final class PeakRss {
    private PeakRss() {}

    /** Peak RSS in bytes since start or the last {@link #reset()}, or -1 when unknown (not Linux). */
    public static long peakBytes() {
        return field("VmHWM:");
    }

    /** Current RSS in bytes, or -1. */
    public static long currentBytes() {
        return field("VmRSS:");
    }

    /** Sets the peak back to the current RSS; false when the kernel does not allow it (the peak then covers the run). */
    public static boolean reset() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static long parseKb(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String kb = line.substring(key.length()).strip();
                int space = kb.indexOf(' ');
                return Long.parseLong(space < 0 ? kb : kb.substring(0, space)) * 1024;
            }
        }
        return -1;
    }

    private static long field(String key) {
        try {
            return parseKb(Files.readString(Path.of("/proc/self/status")), key);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
