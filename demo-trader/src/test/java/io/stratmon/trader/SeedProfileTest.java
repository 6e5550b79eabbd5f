package io.stratmon.trader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SeedProfileTest {

    private static TraderOptions seedOptions(Path file) {
        return TraderOptions.defaults(file).withProfile(Profile.SEED).withRate(TraderOptions.MAX_RATE)
                .withCount(1_000).withConsole(false).withSeed(42);
    }

    @Test
    void every_line_is_exactly_timestamp_event_level_price(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("seed.jsonl");
        try (DemoTrader trader = new DemoTrader(seedOptions(file))) {
            assertThat(trader.run()).isEqualTo(1_000);
        }

        List<String> raw = Files.readAllLines(file);
        assertThat(raw).hasSize(1_000).allSatisfy(line -> assertThat(line).matches(
                "\\{\"timestamp\":\"" + JsonLines.TIMESTAMP + "\",\"event\":\"price_log\",\"level\":\"INFO\","
                        + "\"price\":\\d+\\.\\d+(E-?\\d+)?}"));
        List<ObjectNode> lines = JsonLines.read(file);
        assertThat(lines).allSatisfy(line -> {
            assertThat(JsonLines.keys(line)).containsExactly("timestamp", "event", "level", "price");
            assertThat(line.get("timestamp").asText()).matches(JsonLines.TIMESTAMP);
            assertThat(line.get("event").asText()).isEqualTo("price_log");
            assertThat(line.get("level").asText()).isEqualTo("INFO");
            assertThat(line.get("price").isDouble()).as("price is a JSON number: %s", line).isTrue();
        });
    }

    @Test
    void prices_follow_the_reference_random_walk_from_100(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("seed.jsonl");
        try (DemoTrader trader = new DemoTrader(seedOptions(file))) {
            trader.run();
        }

        List<Double> prices = JsonLines.read(file).stream().map(line -> line.get("price").doubleValue()).toList();
        // Steps are N(0,1) * 1%: six sigma is 6%, which a thousand steps do not reach.
        assertThat(Math.abs(prices.get(0) / 100 - 1)).isLessThan(0.06);
        for (int i = 1; i < prices.size(); i++) {
            assertThat(Math.abs(prices.get(i) / prices.get(i - 1) - 1)).as("step %d", i).isLessThan(0.06);
        }
        long distinct = prices.stream().distinct().count();
        assertThat(distinct).as("the price moves").isGreaterThan(990);
        // Full double precision, as the reference prints it, not rounded to cents.
        assertThat(prices).anySatisfy(p -> assertThat(Double.toString(p)).hasSizeGreaterThan(12));
    }

    @Test
    void the_same_seed_gives_the_same_prices(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");
        Path other = dir.resolve("other.jsonl");
        try (DemoTrader trader = new DemoTrader(seedOptions(first))) {
            trader.run();
        }
        try (DemoTrader trader = new DemoTrader(seedOptions(second))) {
            trader.run();
        }
        try (DemoTrader trader = new DemoTrader(seedOptions(other).withSeed(43))) {
            trader.run();
        }

        assertThat(JsonLines.withoutTimings(JsonLines.read(second)))
                .isEqualTo(JsonLines.withoutTimings(JsonLines.read(first)));
        assertThat(JsonLines.withoutTimings(JsonLines.read(other)))
                .isNotEqualTo(JsonLines.withoutTimings(JsonLines.read(first)));
    }
}
