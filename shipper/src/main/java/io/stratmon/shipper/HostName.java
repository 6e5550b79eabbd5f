package io.stratmon.shipper;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's host name, found without the network: {@code /proc/sys/kernel/hostname} (what {@code hostname}
 * prints on Linux), else the {@code HOSTNAME} or {@code COMPUTERNAME} environment variable, else Java's
 * {@link InetAddress#getLocalHost()} (which may ask DNS), else {@code localhost}. Read once.
 */
public final class HostName {
    private static volatile String cached;

    private HostName() {}

    public static String local() {
        String h = cached;
        if (h == null) cached = h = find();
        return h;
    }

    private static String find() {
        try {
            String s = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!s.isEmpty()) return s;
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or no /proc: the next source
        }
        for (String var : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String s = System.getenv(var);
            if (s != null && !s.isBlank()) return s.strip();
        }
        try {
            String s = InetAddress.getLocalHost().getHostName();
            if (s != null && !s.isBlank()) return s;
        } catch (IOException | RuntimeException ignored) {
            // no name resolves: the fallback
        }
        return "localhost";
    }
}
