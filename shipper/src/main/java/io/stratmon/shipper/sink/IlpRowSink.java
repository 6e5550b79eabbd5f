package io.stratmon.shipper.sink;

import io.questdb.client.Sender;
import io.questdb.client.cutlass.line.LineSenderException;
import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.Row;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends rows to QuestDB with ILP over HTTP (questdb-client). One {@link #send} is one HTTP request, which QuestDB
 * commits or rejects as a whole; {@code send} returning means QuestDB answered 2xx. Not thread-safe.
 * Designated timestamps are sent in microseconds (QuestDB's {@code TIMESTAMP} precision).
 */
public final class IlpRowSink implements RowSink {
    private static final Pattern HTTP_STATUS = Pattern.compile("http-status=(\\d+)");
    private static final Pattern LINE = Pattern.compile("(?:line: |error in line )(\\d+)");

    private final SinkConfig config;
    private final TableSetup tables;
    private Sender sender;

    /** A sink that lets ILP create tables (no dedup DDL). */
    public IlpRowSink(SinkConfig config) {
        this(config, null);
    }

    /** A sink that creates each table with dedup keys before its first row ({@code tables} may be null). */
    public IlpRowSink(SinkConfig config, TableSetup tables) {
        this.config = config;
        this.tables = tables;
    }

    @Override
    public void send(List<Row> rows) {
        if (rows.isEmpty()) return;
        if (tables != null) {
            for (Row row : rows) tables.ensure(row);
        }
        Sender s = sender();
        int index = 0;
        try {
            for (; index < rows.size(); index++) {
                encode(s, rows.get(index));
            }
            index = -1;
            s.flush();
        } catch (LineSenderException e) {
            throw classify(e, index);
        }
    }

    private Sender sender() {
        if (sender == null) {
            try {
                sender = Sender.fromConfig(config.clientConfig());
            } catch (LineSenderException e) {
                throw new SinkException(SinkException.Kind.UNAVAILABLE,
                        "cannot create ILP sender [url=" + config.url() + "]: " + e.getMessage(), -1, -1, e);
            }
        }
        return sender;
    }

    private static void encode(Sender s, Row row) {
        s.table(row.table());
        for (Row.Column c : row.columns()) {
            if (c.type() == ColumnType.SYMBOL) s.symbol(c.name(), (String) c.value());
        }
        for (Row.Column c : row.columns()) {
            switch (c.type()) {
                case SYMBOL -> { }
                case VARCHAR -> s.stringColumn(c.name(), (String) c.value());
                case DOUBLE -> s.doubleColumn(c.name(), (Double) c.value());
                case LONG -> s.longColumn(c.name(), (Long) c.value());
                case BOOLEAN -> s.boolColumn(c.name(), (Boolean) c.value());
                case TIMESTAMP -> s.timestampColumn(c.name(), Math.floorDiv((Long) c.value(), 1000L), ChronoUnit.MICROS);
            }
        }
        s.at(Math.floorDiv(row.timestampNanos(), 1000L), ChronoUnit.MICROS);
    }

    /** Turns the client's exception into REJECTED (with the bad row when known) or UNAVAILABLE, and clears the buffer. */
    private SinkException classify(LineSenderException e, int encodingIndex) {
        String message = String.valueOf(e.getMessage());
        resetAfterFailure();
        if (encodingIndex >= 0) {
            // The client refused to encode the row (bad name, bad value): the database never saw it.
            return new SinkException(SinkException.Kind.REJECTED, message, -1, encodingIndex, e);
        }
        Matcher status = HTTP_STATUS.matcher(message);
        int http = status.find() ? Integer.parseInt(status.group(1)) : -1;
        if (http >= 400 && http < 500 && http != 404 && http != 408 && http != 421 && http != 429) {
            Matcher line = LINE.matcher(message);
            int row = line.find() ? Integer.parseInt(line.group(1)) - 1 : -1;
            return new SinkException(SinkException.Kind.REJECTED, message, http, row, e);
        }
        return new SinkException(SinkException.Kind.UNAVAILABLE, message, http, -1, e);
    }

    /** After a failed flush the client keeps its buffer (and may keep a broken connection): start clean. */
    private void resetAfterFailure() {
        if (sender == null) return;
        try {
            sender.reset();
        } catch (RuntimeException ignored) {
            // The sender is replaced below anyway.
        }
        try {
            sender.close();
        } catch (RuntimeException ignored) {
            // close() flushes; with the buffer reset there is nothing left to lose.
        }
        sender = null;
    }

    @Override
    public void close() {
        if (sender != null) {
            try {
                sender.reset();
                sender.close();
            } catch (RuntimeException ignored) {
                // Nothing unacknowledged is lost: the pipeline only commits what send() acknowledged.
            }
            sender = null;
        }
    }
}
