package io.stratmon.dashboard.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import io.stratmon.dashboard.model.Panel;
import io.stratmon.dashboard.model.PanelKind;
import io.stratmon.dashboard.query.EventFilter;
import io.stratmon.dashboard.query.PanelRequest;
import io.stratmon.dashboard.query.PanelResult;
import io.stratmon.dashboard.query.PanelRunner;
import io.stratmon.dashboard.query.Selection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Live mode over Server-Sent Events. Every {@code interval}, each subscription gets an {@code event: tick} (the server's
 * time, so charts slide) and, for each panel whose data changed, an {@code event: panel} with its {@link PanelResult}.
 * Panels run in parallel on a shared pool; a panel still running from the last tick is skipped, not queued, so a slow
 * panel neither piles up work nor delays the others. A panel is also re-run no sooner than {@value #DUTY_FACTOR} times
 * its last query time after it started: a 30 ms panel refreshes every tick, a 600 ms one (a week of ten million rows)
 * every 3 s, so no panel keeps QuestDB busy more than a fifth of the time. With an alert snapshot supplier, each
 * stream also gets an {@code event: alerts} (the snapshot as JSON) on its first tick and whenever the snapshot changed:
 * the header badge and the Alerts view update without polling.
 */
public final class LiveFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int DUTY_FACTOR = 5;

    /**
     * What a live page shows: its panels over the last {@code range}, each at its own width in pixels.
     *
     * @param fetched the page fetched every panel's first answer over plain HTTP while the stream opened, so the
     *                stream runs them first one interval later instead of running them all twice at once
     */
    public record Subscription(List<Panel> panels, Duration range, Map<String, Integer> widths, int defaultWidth,
                               EventFilter filter, int page, Selection selection, boolean fetched) {
        public Subscription(List<Panel> panels, Duration range, Map<String, Integer> widths, int defaultWidth, EventFilter filter, int page) {
            this(panels, range, widths, defaultWidth, filter, page, Selection.ALL, false);
        }
    }

    private final PanelRunner runner;
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;
    private final Duration interval;
    private final Clock clock;
    private final AtomicInteger clients = new AtomicInteger();
    private final Supplier<Map<String, Object>> alerts;

    public LiveFeed(PanelRunner runner, ExecutorService pool, ScheduledExecutorService timer, Duration interval, Clock clock) {
        this(runner, pool, timer, interval, clock, null);
    }

    /** @param alerts the alert snapshot as JSON maps ({@link io.stratmon.dashboard.alerts.AlertsApi#snapshotJson()}), or null */
    public LiveFeed(PanelRunner runner, ExecutorService pool, ScheduledExecutorService timer, Duration interval, Clock clock,
                    Supplier<Map<String, Object>> alerts) {
        this.alerts = alerts;
        this.runner = runner;
        this.pool = pool;
        this.timer = timer;
        this.interval = interval;
        this.clock = clock;
    }

    public int clients() {
        return clients.get();
    }

    /** Starts pushing to {@code client} until it disconnects. Call from the SSE handler. */
    public void subscribe(SseClient client, Subscription subscription) {
        client.keepAlive();
        Stream stream = new Stream(client, subscription);
        ScheduledFuture<?> ticks = timer.scheduleAtFixedRate(stream::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        clients.incrementAndGet();
        client.onClose(() -> {
            ticks.cancel(false);
            clients.decrementAndGet();
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pool.shutdownNow();
    }

    private final class Stream {
        private final SseClient client;
        private final Subscription subscription;
        private final Map<String, Boolean> running = new ConcurrentHashMap<>();
        private final Map<String, String> lastSent = new ConcurrentHashMap<>();
        /** Per panel: nanoTime its last run started, and how long it took. */
        private final Map<String, long[]> lastRun = new ConcurrentHashMap<>();
        private long seq;
        private String lastAlerts;

        Stream(SseClient client, Subscription subscription) {
            this.client = client;
            this.subscription = subscription;
            if (subscription.fetched()) {
                long now = System.nanoTime();
                long wait = interval.toNanos() / DUTY_FACTOR;
                subscription.panels().forEach(p -> lastRun.put(p.id(), new long[] {now, wait}));
            }
        }

        void tick() {
            if (client.terminated()) return;
            Instant now = clock.instant();
            send("tick", "{\"now\":" + now.toEpochMilli() + ",\"seq\":" + (++seq) + "}");
            sendAlerts();
            long nanos = System.nanoTime();
            for (Panel panel : longestFirst()) {
                long[] last = lastRun.get(panel.id());
                if (last != null && nanos - last[0] < last[1] * DUTY_FACTOR) continue;
                if (running.putIfAbsent(panel.id(), Boolean.TRUE) != null) continue;
                try {
                    pool.execute(() -> refresh(panel, now));
                } catch (RuntimeException rejected) {
                    running.remove(panel.id());
                }
            }
        }

        /**
         * Panels that took longest last time start first (before a first run: the most statements first), so the
         * slow ones overlap the quick ones instead of finishing last: the page is complete sooner.
         */
        private List<Panel> longestFirst() {
            List<Panel> panels = new ArrayList<>(subscription.panels());
            panels.sort(Comparator.comparingLong((Panel p) -> {
                long[] last = lastRun.get(p.id());
                return last != null ? last[1] : (p.kind() == PanelKind.EVENTS ? 8 : p.sql().size()) * 1_000_000L;
            }).reversed());
            return panels;
        }

        private void refresh(Panel panel, Instant now) {
            long started = System.nanoTime();
            try {
                if (client.terminated()) return;
                Subscription s = subscription;
                int width = s.widths().getOrDefault(panel.id(), s.defaultWidth());
                PanelResult result = runner.run(panel, new PanelRequest(now.minus(s.range()), now, width, s.filter(), s.page(), s.selection(), true));
                // Unchanged data is not sent again; the tick moves the charts' time axis on its own.
                String fingerprint = result.state() + "|" + result.message() + "|" + result.intervalMs() + "|" + JSON.writeValueAsString(result.data());
                if (!Objects.equals(lastSent.get(panel.id()), fingerprint)) {
                    send("panel", JSON.writeValueAsString(result));
                    lastSent.put(panel.id(), fingerprint);
                }
            } catch (JsonProcessingException | RuntimeException e) {
                log.warn("Live panel failed [panel={}, error={}]", panel.id(), e.toString());
                send("panel", "{\"panel\":" + quote(panel.id()) + ",\"state\":\"error\",\"message\":" + quote(String.valueOf(e.getMessage())) + "}");
            } finally {
                lastRun.put(panel.id(), new long[] {started, System.nanoTime() - started});
                running.remove(panel.id());
            }
        }

        private void sendAlerts() {
            if (alerts == null) return;
            try {
                String json = JSON.writeValueAsString(alerts.get());
                if (!json.equals(lastAlerts)) {
                    send("alerts", json);
                    lastAlerts = json;
                }
            } catch (JsonProcessingException | RuntimeException e) {
                log.warn("Live alerts failed [error={}]", e.toString());
            }
        }

        private void send(String event, String data) {
            // Pool threads and the timer write to the same stream; SSE events must not interleave.
            synchronized (this) {
                // A tab that went away: Javalin would log a WARN for every event sent to it from here on.
                if (client.terminated()) return;
                try {
                    client.sendEvent(event, data);
                } catch (RuntimeException e) {
                    client.close();
                }
            }
        }

        private String quote(String s) {
            try {
                return JSON.writeValueAsString(s);
            } catch (JsonProcessingException e) {
                return "\"\"";
            }
        }
    }
}
