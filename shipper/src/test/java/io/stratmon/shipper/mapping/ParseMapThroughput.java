package io.stratmon.shipper.mapping;

import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.parse.LineParser;
import io.stratmon.shipper.parse.Parsed;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.Line;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Parse + map throughput on one thread (not a test; run its main): 2 M demo-trader-shaped lines through the default
 * mapping and 2 M reference lines through the Telegraf mapping with the Go layout, 3 rounds each, lines per second.
 */
public final class ParseMapThroughput {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        String fill = "{\"timestamp\":\"2026-11-27T10:00:00.%06dZ\",\"event\":\"fill\",\"level\":\"INFO\",\"symbol\":\"BTC-USD\","
                + "\"side\":\"BUY\",\"qty\":0.5,\"price\":91000.%d,\"order_id\":\"o-%d\",\"maker\":true}";
        String reference = "{\"price\": 101.%d, \"event\": \"price_log\", \"level\": \"info\", \"timestamp\": \"2022-12-14T06:21:05.%06dZ\"}";
        run("default mapping, demo fill line", InputConfig.of(List.of("x")), fill, n, true);
        run("telegraf mapping, reference line", new InputConfig(List.of("x"), MappingConfig.preset("telegraf").toBuilder()
                .nameKey("event").timeKey("timestamp").timeFormat("2006-01-02T15:04:05.999999Z").stringFields(List.of("level")).build()),
                reference, n, false);
    }

    static void run(String name, InputConfig input, String template, int n, boolean fill) {
        Line[] lines = new Line[1000];
        for (int i = 0; i < lines.length; i++) {
            String s = fill ? String.format(template, i * 997 % 1_000_000, i, i) : String.format(template, i, i * 997 % 1_000_000);
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            lines[i] = new Line(FileSource.UNKNOWN, 0, b.length + 1, b, 0, b.length);
        }
        LineParser parser = input.newParser();
        RuleBasedRowMapper mapper = (RuleBasedRowMapper) input.newMapper();
        for (int round = 0; round < 3; round++) {
            long rows = 0, start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Parsed p = parser.parse(lines[i % lines.length]);
                if (p instanceof Parsed.Ok ok && mapper.map(ok.record()) instanceof Mapped.Ok) rows++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s: round %d: %,d rows in %.2f s = %,.0f lines/s%n", name, round, rows, seconds, n / seconds);
        }
    }
}
