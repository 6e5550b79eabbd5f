package io.stratmon.benchmarks;

import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.mapping.MappingConfig;
import io.stratmon.shipper.tail.Line;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The lines the benchmarks feed: the reference format (Telegraf mapping, Go time layout) and the four-event mix of
 * issue 11 (40 % price_log, 30 % order_fill, 22 % http_request, 8 % risk_check; default mapping). Values vary from
 * line to line so no branch predictor or cache learns one line.
 */
public final class Lines {
    public static final int COUNT = 1000;

    private Lines() {}

    /** The dataset's input config (files are irrelevant here). */
    public static InputConfig input(String dataset) {
        return switch (dataset) {
            case "reference" -> new InputConfig(List.of("x"), MappingConfig.preset("telegraf").toBuilder()
                    .nameKey("event").timeKey("timestamp").timeFormat("2006-01-02T15:04:05.999999Z")
                    .stringFields(List.of("level")).build());
            case "mixed", "bench" -> InputConfig.of(List.of("x"));
            default -> throw new IllegalArgumentException("dataset must be reference or mixed [value=" + dataset + "]");
        };
    }

    public static String[] texts(String dataset) {
        String[] lines = new String[COUNT];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < COUNT; i++) {
            lines[i] = switch (dataset) {
                case "reference" -> reference(i);
                case "bench" -> bench(i, random);
                default -> mixed(i);
            };
        }
        return lines;
    }

    public static Line[] lines(String dataset) {
        String[] texts = texts(dataset);
        Line[] lines = new Line[texts.length];
        for (int i = 0; i < texts.length; i++) lines[i] = Line.of(texts[i]);
        return lines;
    }

    public static byte[][] bytes(String dataset) {
        String[] texts = texts(dataset);
        byte[][] bytes = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) bytes[i] = texts[i].getBytes(StandardCharsets.UTF_8);
        return bytes;
    }

    static String reference(int i) {
        return String.format(Locale.ROOT, "{\"price\": 101.%d, \"event\": \"price_log\", \"level\": \"info\","
                + " \"timestamp\": \"2022-12-14T06:21:05.%06dZ\"}", i, i * 997 % 1_000_000);
    }

    /**
     * The reference line as {@code ./stratmon bench} writes it ({@code app/.../bench/Dataset}): default mapping, the
     * time as {@code Instant.toString} writes it (500 µs apart), a price of 16-17 significant digits.
     */
    static String bench(int i, java.util.Random random) {
        return "{\"timestamp\":\"" + java.time.Instant.parse("2026-11-27T00:00:00Z").plusNanos(i * 500_000L)
                + "\",\"event\":\"price_log\",\"level\":\"INFO\",\"price\":" + (100 * (1 + random.nextGaussian() * 0.01)) + "}";
    }

    static String mixed(int i) {
        String ts = String.format(Locale.ROOT, "2026-11-27T10:%02d:%02d.%06dZ", i / 60 % 60, i % 60, i * 997 % 1_000_000);
        int kind = i * 37 % 100; // spreads the four kinds over the 1000 lines in the mix's proportions
        String[] symbols = {"BTC-USD", "ETH-USD", "SOL-USD"};
        String symbol = symbols[i % symbols.length];
        if (kind < 40) {
            return String.format(Locale.ROOT, "{\"timestamp\":\"%s\",\"event\":\"price_log\",\"level\":\"INFO\","
                    + "\"symbol\":\"%s\",\"bid\":%.2f,\"ask\":%.2f}", ts, symbol, 91000 + i * 0.37, 91000.5 + i * 0.37);
        } else if (kind < 70) {
            return String.format(Locale.ROOT, "{\"timestamp\":\"%s\",\"event\":\"order_fill\",\"level\":\"INFO\","
                    + "\"symbol\":\"%s\",\"side\":\"%s\",\"qty\":%.3f,\"price\":%.2f,\"latency_us\":%d,\"order_id\":\"o-%d\"}",
                    ts, symbol, i % 2 == 0 ? "BUY" : "SELL", 0.001 * (i % 500 + 1), 91000 + i * 0.11, 50 + i % 400, i);
        } else if (kind < 92) {
            return String.format(Locale.ROOT, "{\"timestamp\":\"%s\",\"event\":\"http_request\",\"level\":\"INFO\","
                    + "\"method\":\"%s\",\"path\":\"/api/v1/orders/%d\",\"status\":%d,\"duration_ms\":%.3f,\"bytes\":%d}",
                    ts, i % 3 == 0 ? "POST" : "GET", i, i % 17 == 0 ? 500 : 200, 0.5 + i % 90 * 0.25, 200 + i * 13 % 5000);
        }
        return String.format(Locale.ROOT, "{\"timestamp\":\"%s\",\"event\":\"risk_check\",\"level\":\"WARN\","
                + "\"account\":\"acct-%d\",\"exposure\":%.2f,\"limit_usd\":%d,\"utilization\":%.4f}",
                ts, i % 7, 10_000 + i * 3.5, 50_000, (10_000 + i * 3.5) / 50_000);
    }
}
