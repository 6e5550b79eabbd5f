package io.stratmon.shipper.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.stratmon.sql.SyncHttp;

import io.stratmon.shipper.time.Clock;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends encoded rows to QuestDB's ILP over HTTP endpoint ({@code POST /write}), one request per {@link #send}.
 * QuestDB commits a request whole or refuses it whole; {@code send} returns only on a 2xx. A 400 names the first bad
 * line, which becomes {@link SinkException#rowIndex()}. Tables that need dedup keys are created first.
 * The request runs in the calling thread ({@link SyncHttp}, a kept-alive connection). Not thread-safe.
 */
public final class HttpIlpSink implements RowSink {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final SinkConfig config;
    private final TableSetup tables;
    private final URI writeUri;
    private final String writeTarget;
    private final String authorization;
    private final SyncHttp http;
    private final WalHealth wal;
    private final Clock clock;
    /** A request may take {@code requestTimeout} plus its size at this rate (QuestDB's client: request_min_throughput). */
    static final long MIN_THROUGHPUT_BYTES_PER_SECOND = 100 * 1024;
    /** After a timeout, QuestDB counts as done with the request once the tables' WAL stood still this long. */
    static final Duration QUIET = Duration.ofSeconds(1);
    static final Duration MAX_WAIT_FOR_QUIET = Duration.ofMinutes(10);

    /** @param tables creates dedup tables before their first row, or null to leave table creation to ILP */
    public HttpIlpSink(SinkConfig config, TableSetup tables) {
        this(config, tables, null);
    }

    /**
     * @param wal after a request timed out, used to wait until QuestDB has finished with it before the caller may
     *            retry (null: do not wait)
     */
    public HttpIlpSink(SinkConfig config, TableSetup tables, WalHealth wal) {
        this(config, tables, wal, Clock.SYSTEM);
    }

    /** @param clock measures and waits the after-timeout wait (tests pass a manual one) */
    public HttpIlpSink(SinkConfig config, TableSetup tables, WalHealth wal, Clock clock) {
        this.clock = clock;
        this.config = config;
        this.tables = tables;
        this.wal = wal;
        String base = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
        this.writeUri = URI.create(base + "/write");
        this.authorization = config.username() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (config.username() + ":" + (config.password() == null ? "" : config.password())).getBytes(StandardCharsets.UTF_8));
        this.writeTarget = writeUri.getRawPath();
        this.http = SyncHttp.forUrl(base, CONNECT_TIMEOUT);
    }

    @Override
    public void send(EncodedRows rows, int from, int to) {
        if (from >= to) return;
        if (tables != null) {
            Set<String> fresh = tables.missing(rows.dedupTables());
            if (!fresh.isEmpty() && sendExistingFirst(rows, from, to, fresh)) return;
        }
        int start = rows.start(from);
        post(rows.bytes(), start, rows.end(to - 1) - start, rows.tables(), to - from);
    }

    /**
     * sinkguard: rows for tables that exist go first, in a request of their own, so that creating tables (the DDL, and
     * QuestDB adding their columns) never holds them up; then the new tables are created and their rows sent. A
     * refusal names the row by its index in {@code [from, to)}. If the second request fails after the first succeeded,
     * the caller retries the whole range, and dedup (the only case with tables to create) makes the replay harmless.
     * Returns false when there is nothing to put first (every row is for a new table).
     */
    private boolean sendExistingFirst(EncodedRows rows, int from, int to, Set<String> fresh) {
        RowSubset existing = RowSubset.of(rows, from, to, fresh, false);
        if (existing.rows() == 0) {
            for (String table : fresh) tables.ensure(table);
            return false;
        }
        RowSubset created = RowSubset.of(rows, from, to, fresh, true);
        postSubset(existing, rows.tables(), from);
        for (String table : fresh) tables.ensure(table);
        postSubset(created, fresh, from);
        return true;
    }

    private void postSubset(RowSubset subset, Set<String> quietTables, int from) {
        try {
            post(subset.body(), 0, subset.size(), quietTables, subset.rows());
        } catch (SinkException e) {
            if (e.rowIndex() < 0) throw e;
            throw new SinkException(e.kind(), e.getMessage(), e.httpStatus(), subset.original(e.rowIndex()) - from, e.getCause());
        }
    }

    /** One ILP/HTTP request; returns on a 2xx. A refusal's row index counts from the body's first row. */
    private void post(byte[] bytes, int start, int length, Set<String> touched, int rowCount) {
        Duration timeout = config.requestTimeout().plusMillis(length * 1000L / MIN_THROUGHPUT_BYTES_PER_SECOND);
        SyncHttp.Response response;
        try {
            response = http.send("POST", writeTarget, authorization, "text/plain; charset=utf-8", bytes, start, length, timeout);
        } catch (HttpTimeoutException e) {
            // QuestDB may still be working on it (e.g. adding thousands of columns, ~10 ms each): a retry now would
            // race it, column by column, and time out in turn. Wait until it is done; with dedup the retry is harmless.
            String waited = awaitQuiet(touched);
            throw new SinkException(SinkException.Kind.UNAVAILABLE, "QuestDB did not answer in time [url=" + writeUri
                    + ", timeoutMs=" + timeout.toMillis() + ", bytes=" + length + "]" + waited, -1, -1, e);
        } catch (IOException e) {
            throw new SinkException(SinkException.Kind.UNAVAILABLE, "cannot reach QuestDB [url=" + writeUri + "]: " + e, -1, -1, e);
        }
        int status = response.status();
        if (status / 100 == 2) return;
        throw refusal(status, response.text(), rowCount);
    }

    /** 400 and 413 are about the content (split it, dead-letter the bad row); anything else may pass on a retry. */
    private SinkException refusal(int status, String body, int rows) {
        String message = "QuestDB answered " + status + " [url=" + writeUri + "]: " + abbreviate(body);
        if (status == 400 || status == 413) {
            int row = -1;
            try (JsonParser p = JSON.createParser(body)) {
                // {"code":"invalid","message":"...","line":3,"errorId":"..."}
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken t = p.nextToken();
                        if (field.equals("message") && t.isScalarValue()) {
                            message = p.getText() + " [http-status=" + status + "]";
                        } else if (field.equals("line") && t.isNumeric()) {
                            row = p.getValueAsInt(0) - 1;
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // Not JSON: the batch is split in halves until the bad row is alone.
            }
            return new SinkException(SinkException.Kind.REJECTED, message, status, row >= 0 && row < rows ? row : -1, null);
        }
        if (status == 401 || status == 403) {
            message += " (check questdb username/password)";
        }
        return new SinkException(SinkException.Kind.UNAVAILABLE, message, status, -1, null);
    }

    /** Sequencer transactions of these tables, by lower-case name, or null when QuestDB cannot be asked. */
    private Map<String, Long> sequencerTxns(Set<String> names) {
        try {
            Map<String, WalHealth.TableState> states = wal.read();
            Map<String, Long> txns = new HashMap<>();
            for (String t : names) {
                WalHealth.TableState s = states.get(t.toLowerCase(Locale.ROOT));
                txns.put(t, s == null ? -1 : s.sequencerTxn());
            }
            return txns;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Waits until the tables' sequencer transactions stand still for {@link #QUIET} (each column QuestDB adds, and
     * the request's commit, is one). Returns what to add to the error message.
     */
    private String awaitQuiet(Set<String> names) {
        if (wal == null) return "";
        long start = clock.nanos();
        Map<String, Long> last = sequencerTxns(names);
        long stillSince = clock.nanos();
        while (last != null && clock.nanos() - start < MAX_WAIT_FOR_QUIET.toNanos()) {
            try {
                clock.sleep(QUIET.toMillis() / 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            Map<String, Long> now = sequencerTxns(names);
            if (now == null) break;
            if (!now.equals(last)) {
                last = now;
                stillSince = clock.nanos();
            } else if (clock.nanos() - stillSince >= QUIET.toNanos()) {
                break;
            }
        }
        long waitedMs = (clock.nanos() - start) / 1_000_000;
        return "; waited " + waitedMs + " ms for QuestDB to finish with it before retrying";
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    @Override
    public void close() {
        http.close();
    }
}
