package io.stratmon.app;

import com.fasterxml.jackson.core.JsonFactory;
import io.stratmon.sql.SyncHttp;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Start-up work every {@code ship} does, begun on a second thread while the main one reads the command line and the
 * config: the HTTP client and its socket classes (TLS ones for an https:// URL), the security providers behind the
 * files' SHA-256 fingerprints, Jackson's streaming parser, logging. Class initialisation is thread-safe: the main thread, when it gets
 * there, uses what this thread made or waits for it to finish; nothing is done twice, nothing changes but the timing.
 */
final class StartupWarmup {
    private static final java.util.concurrent.atomic.AtomicBoolean STARTED = new java.util.concurrent.atomic.AtomicBoolean();

    private StartupWarmup() {}

    /** Begins the warm-up (once per process: a second call does nothing). */
    static void start(String... args) {
        if (!STARTED.compareAndSet(false, true)) return;
        boolean tls = false;
        for (String a : args) tls |= a.regionMatches(true, 0, "https://", 0, 8) || a.contains("=https://");
        String url = tls ? "https://127.0.0.1" : "http://127.0.0.1";
        Thread t = new Thread(() -> {
            try {
                // The longest first (the main thread needs it last, at the sink); the main thread sets up logging
                // itself meanwhile (its first logger is a few classes in), so the two run side by side.
                SyncHttp.forUrl(url, Duration.ofSeconds(5)).close();
                if (url.startsWith("https")) javax.net.ssl.SSLSocketFactory.getDefault(); // trust store, JSSE
                java.security.MessageDigest.getInstance("SHA-256"); // the security providers, for the files' fingerprints
                new JsonFactory().createParser("{\"a\":[1]}").nextToken();
                LoggerFactory.getLogger(StartupWarmup.class);
            } catch (Throwable ignored) {
                // Only timing is at stake: the main thread meets the same error, where it is reported.
            }
        }, "stratmon-startup-warmup");
        t.setDaemon(true);
        t.start();
    }
}
