package io.stratmon.shipper.testing;

import io.stratmon.shipper.sink.EncodedRows;
import io.stratmon.shipper.sink.RowSink;
import io.stratmon.shipper.sink.SinkException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sink that keeps the ILP lines of every acknowledged request, as QuestDB with dedup would store them: a row with
 * the same table, time, {@code _src} and {@code _offset} as one already stored replaces it. It can be "down"
 * (every send fails as unavailable) and can refuse rows (a request holding one is refused whole, naming the row,
 * as QuestDB's HTTP endpoint does). Thread-safe.
 */
public final class RecordingSink implements RowSink {
    private static final Pattern TABLE = Pattern.compile("^([^, ]+)");
    private static final Pattern SRC = Pattern.compile(",_src=((?:\\\\.|[^ ,\\\\])+)");
    private static final Pattern OFFSET = Pattern.compile("[ ,]_offset=(-?\\d+)i");
    private static final Pattern TS = Pattern.compile(" (\\d+)t?$");
    private static final Pattern SEQ = Pattern.compile("[ ,]seq=(-?[0-9.]+)");

    private final List<String> requests = new ArrayList<>();
    private final Map<String, String> stored = new LinkedHashMap<>();
    private final List<String> sent = new ArrayList<>();
    private volatile boolean down;
    private volatile Predicate<String> refuse = line -> false;
    private int attempts;

    public synchronized void down(boolean value) {
        down = value;
    }

    /** Refuses (whole request, as HTTP 400 naming the row) every row whose ILP line matches. */
    public void refuse(Predicate<String> rows) {
        refuse = rows;
    }

    @Override
    public synchronized void send(EncodedRows rows, int from, int to) {
        attempts++;
        if (down) throw new SinkException(SinkException.Kind.UNAVAILABLE, "recording sink is down", -1, -1, null);
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String line = new String(rows.bytes(), rows.start(i), rows.end(i) - rows.start(i) - 1, StandardCharsets.UTF_8);
            if (refuse.test(line)) {
                throw new SinkException(SinkException.Kind.REJECTED, "refused by the recording sink [row=" + (i - from) + "]",
                        400, i - from, null);
            }
            lines.add(line);
        }
        requests.add(String.join("\n", lines));
        for (String line : lines) {
            sent.add(line);
            stored.put(key(line), line);
        }
    }

    private static String key(String line) {
        return group(TABLE, line) + "|" + group(TS, line) + "|" + group(SRC, line) + "|" + group(OFFSET, line);
    }

    private static String group(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.find() ? m.group(1) : (p == SRC || p == OFFSET ? "-" + line.hashCode() : "");
    }

    /** Every acknowledged line, replays included. */
    public synchronized List<String> sent() {
        return new ArrayList<>(sent);
    }

    /** The rows stored for a table after dedup, in arrival order. */
    public synchronized List<String> rows(String table) {
        return stored.values().stream().filter(l -> table.equals(group(TABLE, l))).toList();
    }

    /** The {@code seq} values stored for a table (needs ILP protocol 1, where doubles are text), sorted. */
    public synchronized List<Long> seqs(String table) {
        List<Long> seqs = new ArrayList<>();
        for (String l : rows(table)) seqs.add((long) Double.parseDouble(group(SEQ, l)));
        seqs.sort(null);
        return seqs;
    }

    /** Whether every seq in [from, to) is stored exactly once and nothing else. */
    public synchronized boolean holdsExactly(String table, long from, long to) {
        List<Long> seqs = seqs(table);
        if (seqs.size() != to - from || new TreeSet<>(seqs).size() != seqs.size()) return false;
        return seqs.isEmpty() || (seqs.get(0) == from && seqs.get(seqs.size() - 1) == to - 1);
    }

    public synchronized List<String> requests() {
        return new ArrayList<>(requests);
    }

    public synchronized int attempts() {
        return attempts;
    }

    @Override
    public void close() {}
}
