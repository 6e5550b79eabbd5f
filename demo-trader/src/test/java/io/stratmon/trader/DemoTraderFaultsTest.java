package io.stratmon.trader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The faults in the lines a real trader writes, on the wall clock, with the demo's plan 20 times shorter but starting
 * at 2 s (so that the trader is warm first, also on a busy machine): heartbeat pause 1.75 s from 2 s, SOL-USD gap
 * 1.75 s from 4.75 s, 30 errors over 150 ms from 7.5 s.
 */
class DemoTraderFaultsTest {
    private static final FaultPlan FAST = FaultPlan.DEMO.faster(20);
    private static final FaultPlan PLAN = new FaultPlan(Duration.ofSeconds(2), FAST.period(), FAST.heartbeatPause(),
            FAST.priceGapAt(), FAST.priceGap(), FAST.symbol(), FAST.burstAt(), FAST.burstErrors(), FAST.burstSpread());

    /** Seconds between {@code start} and the line's timestamp. */
    static double at(ObjectNode line, Instant start) {
        return Duration.between(start, Instant.parse(line.get("timestamp").asText())).toNanos() / 1e9;
    }

    /** The times of the matching lines, in seconds after {@code start}. */
    static List<Double> times(List<ObjectNode> lines, Instant start, Predicate<ObjectNode> matching) {
        return lines.stream().filter(matching).map(l -> at(l, start)).toList();
    }

    static Predicate<ObjectNode> event(String name) {
        return l -> l.get("event").asText().equals(name);
    }

    static Predicate<ObjectNode> price(String symbol) {
        return l -> l.get("event").asText().equals("price") && l.get("symbol").asText().equals(symbol);
    }

    /**
     * The fault clock starts while the trader is built, somewhere in [before, after]; so a fault planned for [a, b) is
     * certainly on in [a + late, b), where late is how long building took. Nothing matching may be written then,
     * and something must be written on both sides of it.
     */
    static void assertGap(List<Double> times, double from, double to, double late, String what) {
        assertThat(times).as("%s during [%s, %s) s", what, from + late, to).noneMatch(t -> t >= from + late && t < to);
        assertThat(times).as("%s before %s s", what, from).anyMatch(t -> t < from + late);
        assertThat(times).as("%s after %s s", what, to).anyMatch(t -> t >= to);
    }

    @Test
    void the_written_lines_show_the_heartbeat_pause_the_sol_gap_and_the_error_burst(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("faults.jsonl");
        // At 2,000 events/s heartbeats come every 1,000 ticks (about 0.5 s) and SOL-USD quotes every few milliseconds.
        TraderOptions options = TraderOptions.defaults(file).withRate(2_000).withDuration(Duration.ofMillis(8_500))
                .withConsole(false).withSeed(9).withFaults(true);
        Instant before = Instant.now();
        DemoTrader trader = new DemoTrader(options, PLAN, System::nanoTime);
        double late = Duration.between(before, Instant.now()).toNanos() / 1e9;
        try (trader) {
            trader.run();
        }
        List<ObjectNode> lines = JsonLines.read(file);

        assertGap(times(lines, before, event("heartbeat")), 2.0, 3.75, late, "heartbeats");
        assertGap(times(lines, before, price("SOL-USD")), 4.75, 6.5, late, "SOL-USD quotes");
        List<Double> btc = times(lines, before, price("BTC-USD"));
        assertThat(btc).as("BTC-USD quotes go on during the SOL-USD gap").anyMatch(t -> t > 4.75 + late && t < 6.5);

        List<ObjectNode> burst = lines.stream().filter(l -> l.get("event").asText().equals("error")
                && l.get("reason").asText().contains("reconnect attempt")).toList();
        assertThat(burst).hasSize(30);
        assertThat(burst).allMatch(l -> l.get("level").asText().equals("ERROR") && l.get("component").asText().equals("gateway"));
        assertThat(at(burst.get(0), before)).as("burst start").isGreaterThanOrEqualTo(7.5);
        Instant first = Instant.parse(burst.get(0).get("timestamp").asText());
        Instant last = Instant.parse(burst.get(29).get("timestamp").asText());
        assertThat(Duration.between(first, last)).as("burst length (planned: 30 errors over 150 ms)").isLessThanOrEqualTo(Duration.ofMillis(5_000 / 20));
    }

    @Test
    void without_faults_nothing_is_missing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calm.jsonl");
        TraderOptions options = TraderOptions.defaults(file).withRate(2_000).withDuration(Duration.ofMillis(3_000))
                .withConsole(false).withSeed(9);
        try (DemoTrader trader = new DemoTrader(options, PLAN, System::nanoTime)) {
            trader.run();
        }
        Instant start = Instant.parse(JsonLines.read(file).get(0).get("timestamp").asText());
        List<ObjectNode> lines = JsonLines.read(file);

        assertThat(times(lines, start, event("heartbeat"))).anyMatch(t -> t > 1.2 && t < 2.6);
        assertThat(lines).noneMatch(l -> l.path("reason").asText().contains("reconnect attempt"));
    }
}
