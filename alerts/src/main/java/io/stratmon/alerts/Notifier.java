package io.stratmon.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers alerts to one target (an Alertmanager, or a webhook) from its own thread; {@link #send} never blocks the
 * evaluation. The queue holds the newest message per alert instance (fingerprint), so a target that is down for
 * minutes costs memory for each alert once, not for each resend, and gets every alert's latest state when it is
 * back. Failures are retried with exponential backoff (0.5 s doubling up to {@code maxBackoff}); a 4xx answer
 * (the target refuses the body) is not retried. Past {@code maxQueued} distinct alerts, the oldest is dropped and counted.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    public enum Kind { ALERTMANAGER, WEBHOOK }

    /** What the dashboard and the logs say of a target. */
    public record Status(Kind kind, String url, long sent, long failed, long dropped, int queued, String lastError, Instant lastSuccess) {}

    private final Kind kind;
    private final String url;
    private final URI endpoint;
    private final String externalUrl;
    private final int maxQueued;
    private final Duration maxBackoff;
    private final Map<String, AlertMessage> queue = new LinkedHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile String lastError = "";
    private volatile Instant lastSuccess;
    private volatile boolean closed;
    private final Thread thread;

    public Notifier(Kind kind, String url, String externalUrl, int maxQueued, Duration maxBackoff) {
        this.kind = kind;
        this.url = url;
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.endpoint = URI.create(kind == Kind.ALERTMANAGER && !base.endsWith("/api/v2/alerts") ? base + "/api/v2/alerts" : base);
        this.externalUrl = externalUrl;
        this.maxQueued = maxQueued;
        this.maxBackoff = maxBackoff;
        this.thread = new Thread(this::loop, "stratmon-notifier-" + endpoint.getHost() + ":" + endpoint.getPort());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public static Notifier alertmanager(String url, String externalUrl) {
        return new Notifier(Kind.ALERTMANAGER, url, externalUrl, 10_000, Duration.ofSeconds(10));
    }

    public static Notifier webhook(String url, String externalUrl) {
        return new Notifier(Kind.WEBHOOK, url, externalUrl, 10_000, Duration.ofSeconds(10));
    }

    /** Queues the messages (the newest per fingerprint wins) and returns at once. */
    public void send(List<AlertMessage> messages) {
        if (messages.isEmpty()) return;
        synchronized (queue) {
            for (AlertMessage m : messages) {
                queue.remove(m.fingerprint());
                if (queue.size() >= maxQueued) {
                    Iterator<String> oldest = queue.keySet().iterator();
                    oldest.next();
                    oldest.remove();
                    dropped.incrementAndGet();
                }
                queue.put(m.fingerprint(), m);
            }
            queue.notifyAll();
        }
    }

    public Status status() {
        int queued;
        synchronized (queue) {
            queued = queue.size();
        }
        return new Status(kind, url, sent.get(), failed.get(), dropped.get(), queued, lastError, lastSuccess);
    }

    private void loop() {
        long backoffMillis = 0;
        while (!closed) {
            List<AlertMessage> batch;
            synchronized (queue) {
                try {
                    long until = System.currentTimeMillis() + backoffMillis;
                    for (long left = backoffMillis; left > 0 && !closed; left = until - System.currentTimeMillis()) queue.wait(left);
                    while (queue.isEmpty() && !closed) queue.wait();
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) return;
                batch = new ArrayList<>(queue.values());
                queue.clear();
            }
            String error = deliver(batch);
            if (error == null) {
                backoffMillis = 0;
                continue;
            }
            failed.incrementAndGet();
            if (!error.equals(lastError)) log.warn("Cannot deliver alerts, retrying with backoff [target={}, alerts={}, error={}]", url, batch.size(), error);
            lastError = error;
            if (error.startsWith("HTTP 4")) {
                dropped.addAndGet(batch.size()); // the target refuses this body: sending it again cannot help
                backoffMillis = 0;
                continue;
            }
            synchronized (queue) {
                for (AlertMessage m : batch) queue.putIfAbsent(m.fingerprint(), m); // a newer message sent meanwhile wins
            }
            backoffMillis = backoffMillis == 0 ? 500 : Math.min(maxBackoff.toMillis(), backoffMillis * 2);
        }
    }

    /** Sends one batch; null when the target took it, else why not. */
    private String deliver(List<AlertMessage> batch) {
        List<byte[]> bodies = new ArrayList<>();
        if (kind == Kind.ALERTMANAGER) {
            bodies.add(Payloads.alertmanager(batch));
        } else {
            Map<String, List<AlertMessage>> byName = new LinkedHashMap<>();
            for (AlertMessage m : batch) byName.computeIfAbsent(m.alertname(), k -> new ArrayList<>()).add(m);
            byName.forEach((name, alerts) -> bodies.add(Payloads.webhook(name, alerts, "stratmon", externalUrl)));
        }
        for (byte[] body : bodies) {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("User-Agent", "stratmon")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    String text = response.body() == null ? "" : response.body().strip();
                    return "HTTP " + response.statusCode() + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length())));
                }
            } catch (IOException e) {
                return e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        sent.addAndGet(batch.size());
        lastSuccess = Instant.now();
        if (!lastError.isEmpty()) log.info("Delivering alerts again [target={}]", url);
        lastError = "";
        return null;
    }

    /** Stops the thread; what is still queued is sent once more, briefly, so resolutions at shutdown are not lost. */
    @Override
    public void close() {
        closed = true;
        synchronized (queue) {
            queue.notifyAll();
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<AlertMessage> rest;
        synchronized (queue) {
            rest = new ArrayList<>(queue.values());
            queue.clear();
        }
        if (!rest.isEmpty()) deliver(rest);
    }
}
