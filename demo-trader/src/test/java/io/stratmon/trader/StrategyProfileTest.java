package io.stratmon.trader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Checks a 5,000-event strategy log the way a quant would trust it: schema, order flow, and the books recomputed from the fills. */
class StrategyProfileTest {
    private static final double TOLERANCE = 1e-4;
    private static final double STARTING_CAPITAL = 100_000;

    /** Field names and JSON types after timestamp, event and level, in order: s = string, d = decimal number, i = integer. */
    private static final Map<String, Map<String, Character>> SCHEMA = new LinkedHashMap<>();

    static {
        schema("price", "symbol:s bid:d ask:d last:d");
        schema("order_sent", "order_id:s symbol:s side:s qty:d price:d");
        schema("fill", "order_id:s symbol:s side:s qty:d price:d fee:d latency_us:i");
        schema("position", "symbol:s qty:d avg_price:d unrealized_pnl:d");
        schema("pnl", "realized:d unrealized:d equity:d drawdown:d");
        schema("heartbeat", "loop_ms:d");
        schema("order_rejected", "order_id:s symbol:s side:s qty:d price:d reason:s");
        schema("error", "component:s reason:s");
    }

    private static final Map<String, Double> MAX_QTY = Map.of("BTC-USD", 0.08, "ETH-USD", 1.5, "SOL-USD", 30.0);
    private static final Map<String, Double> START_PRICE = Map.of("BTC-USD", 60_000.0, "ETH-USD", 3_000.0, "SOL-USD", 150.0);

    private static List<ObjectNode> lines;

    @BeforeAll
    static void writeLog(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("strategy.jsonl");
        try (DemoTrader trader = new DemoTrader(strategyOptions(file, 7))) {
            assertThat(trader.run()).isEqualTo(5_000);
        }
        lines = JsonLines.read(file);
        assertThat(lines).hasSize(5_000);
    }

    private static TraderOptions strategyOptions(Path file, long seed) {
        return TraderOptions.defaults(file).withRate(TraderOptions.MAX_RATE).withCount(5_000).withConsole(false).withSeed(seed);
    }

    @Test
    void every_event_type_appears_with_its_fields_in_order_and_stable_json_types() {
        Map<String, Long> counts = lines.stream()
                .collect(Collectors.groupingBy(line -> line.get("event").asText(), Collectors.counting()));
        assertThat(counts).containsOnlyKeys(SCHEMA.keySet());
        assertThat(counts.get("price")).as("price is the most frequent event")
                .isGreaterThan(counts.entrySet().stream().filter(e -> !e.getKey().equals("price"))
                        .mapToLong(Map.Entry::getValue).max().orElseThrow());

        for (ObjectNode line : lines) {
            Map<String, Character> fields = SCHEMA.get(line.get("event").asText());
            var expectedKeys = new ArrayList<>(List.of("timestamp", "event", "level"));
            expectedKeys.addAll(fields.keySet());
            assertThat(JsonLines.keys(line)).as("keys of %s", line).containsExactlyElementsOf(expectedKeys);
            assertThat(line.get("timestamp").asText()).matches(JsonLines.TIMESTAMP);
            fields.forEach((key, type) -> {
                JsonNode value = line.get(key);
                switch (type) {
                    case 's' -> assertThat(value.isTextual()).as("%s is a string in %s", key, line).isTrue();
                    case 'd' -> assertThat(value.isDouble()).as("%s is a decimal number in %s", key, line).isTrue();
                    default -> assertThat(value.isIntegralNumber()).as("%s is an integer in %s", key, line).isTrue();
                }
            });
        }
    }

    @Test
    void rejections_are_warnings_errors_are_errors_and_everything_else_is_info() {
        for (ObjectNode line : lines) {
            String expected = switch (line.get("event").asText()) {
                case "order_rejected" -> "WARN";
                case "error" -> "ERROR";
                default -> "INFO";
            };
            assertThat(line.get("level").asText()).as("level of %s", line).isEqualTo(expected);
        }
    }

    @Test
    void quotes_sit_on_the_tick_grid_near_realistic_prices() {
        for (ObjectNode line : events("price")) {
            double bid = line.get("bid").doubleValue();
            double ask = line.get("ask").doubleValue();
            double last = line.get("last").doubleValue();
            assertThat(bid).isLessThan(ask);
            assertThat(last).isIn(bid, ask);
            assertThat(bid * 100).as("bid on a 0.01 tick: %s", line).isCloseTo(Math.rint(bid * 100), within(1e-6));
            assertThat(ask * 100).as("ask on a 0.01 tick: %s", line).isCloseTo(Math.rint(ask * 100), within(1e-6));
            double start = START_PRICE.get(line.get("symbol").asText());
            assertThat(bid / start).isBetween(0.8, 1.2);
        }
    }

    @Test
    void every_order_is_settled_once_and_every_fill_refers_to_an_earlier_order() {
        Map<String, ObjectNode> sent = new HashMap<>();
        Set<String> settled = new HashSet<>();
        int fills = 0;
        int rejections = 0;
        for (ObjectNode line : lines) {
            String event = line.get("event").asText();
            if (event.equals("order_sent")) {
                assertThat(line.get("order_id").asText()).matches("ORD-\\d{6}");
                assertThat(line.get("side").asText()).isIn("BUY", "SELL");
                assertThat(line.get("qty").doubleValue()).isPositive();
                assertThat(sent.put(line.get("order_id").asText(), line)).as("order ids are unique").isNull();
            } else if (event.equals("fill") || event.equals("order_rejected")) {
                String id = line.get("order_id").asText();
                ObjectNode order = sent.get(id);
                assertThat(order).as("%s refers to an earlier order_sent", line).isNotNull();
                assertThat(settled.add(id)).as("%s is settled once", id).isTrue();
                for (String key : List.of("symbol", "side", "qty", "price")) {
                    assertThat(line.get(key)).as("%s of %s", key, line).isEqualTo(order.get(key));
                }
                if (event.equals("fill")) {
                    fills++;
                    assertThat(line.get("fee").doubleValue()).isPositive();
                    assertThat(line.get("latency_us").longValue()).isPositive();
                } else {
                    rejections++;
                    assertThat(line.get("reason").asText()).isNotBlank();
                }
            }
        }
        assertThat(fills).as("most orders fill").isGreaterThan(3 * rejections);
        assertThat(rejections).isPositive();
    }

    @Test
    void positions_and_pnl_match_the_books_recomputed_from_fills_and_quotes() {
        var books = new ReferenceBooks();
        double peak = STARTING_CAPITAL;
        int positionsChecked = 0;
        int snapshotsChecked = 0;
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode line = lines.get(i);
            switch (line.get("event").asText()) {
                case "price" -> books.mark(line.get("symbol").asText(),
                        (line.get("bid").doubleValue() + line.get("ask").doubleValue()) / 2);
                case "fill" -> {
                    books.fill(line);
                    assertThat(i + 1).as("a position follows each fill").isLessThan(lines.size());
                    assertThat(lines.get(i + 1).get("event").asText()).isEqualTo("position");
                    assertThat(lines.get(i + 1).get("symbol")).isEqualTo(line.get("symbol"));
                }
                case "position" -> {
                    String symbol = line.get("symbol").asText();
                    assertThat(line.get("qty").doubleValue()).as("qty of %s", line).isCloseTo(books.qty(symbol), within(1e-9));
                    assertThat(line.get("avg_price").doubleValue()).as("avg_price of %s", line)
                            .isCloseTo(books.avgPrice(symbol), within(TOLERANCE));
                    assertThat(line.get("unrealized_pnl").doubleValue()).as("unrealized_pnl of %s", line)
                            .isCloseTo(books.unrealized(symbol), within(TOLERANCE));
                    assertThat(Math.abs(books.qty(symbol))).as("position stays bounded").isLessThanOrEqualTo(MAX_QTY.get(symbol));
                    positionsChecked++;
                }
                case "pnl" -> {
                    double realized = line.get("realized").doubleValue();
                    double unrealized = line.get("unrealized").doubleValue();
                    double equity = line.get("equity").doubleValue();
                    assertThat(realized).as("realized of %s", line).isCloseTo(books.realized(), within(TOLERANCE));
                    assertThat(unrealized).as("unrealized of %s", line).isCloseTo(books.unrealized(), within(TOLERANCE));
                    assertThat(equity).isCloseTo(STARTING_CAPITAL + realized + unrealized, within(TOLERANCE));
                    peak = Math.max(peak, equity);
                    assertThat(line.get("drawdown").doubleValue()).as("drawdown of %s", line)
                            .isGreaterThanOrEqualTo(0).isCloseTo(peak - equity, within(TOLERANCE));
                    snapshotsChecked++;
                }
                default -> {
                }
            }
        }
        assertThat(positionsChecked).isGreaterThan(10);
        assertThat(snapshotsChecked).isGreaterThan(5);
        assertThat(books.realized()).as("some trades closed").isNotZero();
    }

    @Test
    void the_same_seed_gives_the_same_events_and_another_seed_does_not(@TempDir Path dir) throws Exception {
        Path again = dir.resolve("again.jsonl");
        Path other = dir.resolve("other.jsonl");
        try (DemoTrader trader = new DemoTrader(strategyOptions(again, 7))) {
            trader.run();
        }
        try (DemoTrader trader = new DemoTrader(strategyOptions(other, 8))) {
            trader.run();
        }

        assertThat(JsonLines.withoutTimings(JsonLines.read(again))).isEqualTo(JsonLines.withoutTimings(lines));
        assertThat(JsonLines.withoutTimings(JsonLines.read(other))).isNotEqualTo(JsonLines.withoutTimings(lines));
    }

    @Test
    void rejections_and_errors_show_up_within_the_first_2000_events_whatever_the_seed(@TempDir Path dir) throws Exception {
        for (long seed = 100; seed < 110; seed++) {
            Path file = dir.resolve("seed-" + seed + ".jsonl");
            try (DemoTrader trader = new DemoTrader(strategyOptions(file, seed).withCount(2_000))) {
                trader.run();
            }
            Set<String> events = JsonLines.read(file).stream().map(l -> l.get("event").asText()).collect(Collectors.toSet());
            assertThat(events).as("seed %d", seed).contains("order_rejected", "error");
        }
    }

    private static List<ObjectNode> events(String event) {
        return lines.stream().filter(line -> line.get("event").asText().equals(event)).toList();
    }

    private static void schema(String event, String fields) {
        var types = new LinkedHashMap<String, Character>();
        for (String field : fields.split(" ")) {
            types.put(field.substring(0, field.indexOf(':')), field.charAt(field.length() - 1));
        }
        SCHEMA.put(event, types);
    }

    /** An independent bookkeeper: signed quantity, average price and realized PnL net of fees, per symbol. */
    private static final class ReferenceBooks {
        private final Map<String, double[]> positions = new HashMap<>(); // qty, avg price, realized
        private final Map<String, Double> marks = new HashMap<>();

        void mark(String symbol, double mid) {
            marks.put(symbol, mid);
        }

        void fill(JsonNode fill) {
            double[] p = positions.computeIfAbsent(fill.get("symbol").asText(), s -> new double[3]);
            double qty = fill.get("qty").doubleValue();
            double price = fill.get("price").doubleValue();
            double signed = fill.get("side").asText().equals("BUY") ? qty : -qty;
            p[2] -= fill.get("fee").doubleValue();
            if (p[0] == 0 || Math.signum(p[0]) == Math.signum(signed)) {
                p[1] = (Math.abs(p[0]) * p[1] + qty * price) / (Math.abs(p[0]) + qty);
                p[0] += signed;
                return;
            }
            double closed = Math.min(Math.abs(p[0]), qty);
            p[2] += Math.signum(p[0]) * closed * (price - p[1]);
            double before = p[0];
            p[0] += signed;
            if (Math.abs(p[0]) < 1e-12) {
                p[0] = 0;
                p[1] = 0;
            } else if (Math.signum(p[0]) != Math.signum(before)) {
                p[1] = price;
            }
        }

        double qty(String symbol) {
            return positions.getOrDefault(symbol, new double[3])[0];
        }

        double avgPrice(String symbol) {
            return positions.getOrDefault(symbol, new double[3])[1];
        }

        double unrealized(String symbol) {
            double qty = qty(symbol);
            return qty == 0 ? 0 : qty * (marks.get(symbol) - avgPrice(symbol));
        }

        double unrealized() {
            return positions.keySet().stream().mapToDouble(this::unrealized).sum();
        }

        double realized() {
            return positions.values().stream().mapToDouble(p -> p[2]).sum();
        }
    }
}
