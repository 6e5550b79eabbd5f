package io.stratmon.app.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The lines {@code stratmon bench} ships (default mapping). {@link #REFERENCE}: the reference trader's
 * {@code price_log} lines. {@link #MIXED}: the four-event mix of issue 11, 40 % {@code price_log}, 30 %
 * {@code order_fill} (symbol/side/qty/price/latency_us/order_id), 22 % {@code http_request}
 * (method/path/status/duration_ms/bytes) and 8 % {@code risk_check} (account/exposure/limit_usd/utilization), in
 * exactly these proportions in every 50 lines, interleaved (never long runs of one table).
 * <pre>{@code
 * StringBuilder sb = new StringBuilder();
 * Dataset.MIXED.append(sb, i, Instant.now(), random);   // one line, with its '\n'
 * }</pre>
 */
public enum Dataset {
    REFERENCE(new String[]{"price_log"}, new int[]{1}),
    MIXED(new String[]{"price_log", "order_fill", "http_request", "risk_check"}, new int[]{20, 15, 11, 4});

    private static final String[] SYMBOLS = {"BTC-USD", "ETH-USD", "SOL-USD"};
    private static final String[] METHODS = {"GET", "GET", "POST", "PUT", "DELETE"};
    private static final String[] PATHS = {"/api/v1/orders", "/api/v1/positions", "/api/v1/balance", "/health"};
    private static final int[] STATUSES = {200, 200, 200, 200, 201, 204, 400, 404, 500};

    private final String[] tables;
    private final int[] pattern;

    Dataset(String[] tables, int[] weights) {
        this.tables = tables;
        this.pattern = interleave(weights);
    }

    /** The tables the lines go to, in the order of {@link #kindOf}. */
    public List<String> tables() {
        return List.of(tables);
    }

    /** Lines in one round of the mix: every table's share is exact in each round (50 for the mix, 1 for reference). */
    public int round() {
        return pattern.length;
    }

    /** Which table line {@code i} goes to (an index into {@link #tables()}). */
    public int kindOf(long i) {
        return pattern[(int) (i % pattern.length)];
    }

    /**
     * Smooth weighted round robin (nginx's): each step adds every weight to its credit and picks the largest credit,
     * which then pays the sum. Over one round of {@code sum(weights)} steps each kind comes exactly {@code weight} times.
     */
    static int[] interleave(int[] weights) {
        int sum = 0;
        for (int w : weights) sum += w;
        int[] credit = new int[weights.length];
        int[] out = new int[sum];
        for (int step = 0; step < sum; step++) {
            int best = 0;
            for (int k = 0; k < weights.length; k++) {
                credit[k] += weights[k];
                if (credit[k] > credit[best]) best = k;
            }
            credit[best] -= sum;
            out[step] = best;
        }
        return out;
    }

    /** Appends line {@code i} with time {@code t} (and its newline); values come from {@code random}. */
    public void append(StringBuilder sb, long i, Instant t, Random random) {
        sb.append("{\"timestamp\":\"").append(t).append("\",\"event\":\"").append(tables[kindOf(i)]).append("\",");
        String symbol = SYMBOLS[(int) (i % SYMBOLS.length)];
        switch (tables[kindOf(i)]) {
            case "price_log" -> sb.append("\"level\":\"INFO\",\"price\":").append(100 * (1 + random.nextGaussian() * 0.01));
            case "order_fill" -> sb.append("\"level\":\"INFO\",\"symbol\":\"").append(symbol).append("\",\"side\":\"")
                    .append(random.nextBoolean() ? "buy" : "sell").append("\",\"qty\":").append(1 + random.nextInt(500) / 100.0)
                    .append(",\"price\":").append(String.format(Locale.ROOT, "%.2f", 90_000 + random.nextGaussian() * 50))
                    .append(",\"latency_us\":").append(40 + random.nextInt(2_000)).append(",\"order_id\":\"o-").append(i).append('"');
            case "http_request" -> sb.append("\"level\":\"INFO\",\"method\":\"").append(METHODS[random.nextInt(METHODS.length)])
                    .append("\",\"path\":\"").append(PATHS[random.nextInt(PATHS.length)]).append('/').append(i % 1000)
                    .append("\",\"status\":").append(STATUSES[random.nextInt(STATUSES.length)]).append(",\"duration_ms\":")
                    .append(String.format(Locale.ROOT, "%.3f", 0.2 + random.nextDouble() * 40)).append(",\"bytes\":")
                    .append(200 + random.nextInt(20_000));
            default -> {
                double exposure = 10_000 + random.nextDouble() * 40_000;
                sb.append("\"level\":\"WARN\",\"account\":\"acct-").append(i % 7).append("\",\"exposure\":")
                        .append(String.format(Locale.ROOT, "%.2f", exposure)).append(",\"limit_usd\":50000,\"utilization\":")
                        .append(String.format(Locale.ROOT, "%.4f", exposure / 50_000));
            }
        }
        sb.append("}\n");
    }

    /** Writes {@code n} lines, one every 500 µs of log time from 2026-11-27T00:00:00Z; returns the file's size. */
    public long write(Path file, int n) throws IOException {
        Random random = new Random(1);
        Instant t0 = Instant.parse("2026-11-27T00:00:00Z");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            StringBuilder sb = new StringBuilder(256);
            for (int i = 0; i < n; i++) {
                sb.setLength(0);
                append(sb, i, t0.plusNanos(i * 500_000L), random);
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return Files.size(file);
    }

    /** Lines per table among the first {@code n}. */
    public long[] counts(long n) {
        long[] counts = new long[tables.length];
        long rounds = n / pattern.length;
        for (int k : pattern) counts[k] += rounds;
        for (long i = rounds * pattern.length; i < n; i++) counts[kindOf(i)]++;
        return counts;
    }

    public static Dataset parse(String name) {
        for (Dataset d : values()) if (d.name().equalsIgnoreCase(name)) return d;
        List<String> names = new ArrayList<>();
        for (Dataset d : values()) names.add(d.name().toLowerCase(Locale.ROOT));
        throw new IllegalArgumentException("unknown dataset [value=" + name + ", expected one of " + names + "]");
    }
}
