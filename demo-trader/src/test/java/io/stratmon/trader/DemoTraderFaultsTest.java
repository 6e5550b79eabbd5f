package io.stratmon.trader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The faults in the lines a real trader writes, on the wall clock, with the demo's plan 20 times shorter but starting
 * at 3 s (so that a heartbeat or two come first, also on a busy machine): heartbeat pause 1.75 s from 3 s, SOL-USD gap
 * 1.75 s from 5.75 s, 30 errors over 150 ms from 8.5 s. At 100 events/s the trader keeps its pace on a loaded machine.
 */
class DemoTraderFaultsTest {
    private static final FaultPlan FAST = FaultPlan.DEMO.faster(20);
    private static final FaultPlan PLAN = new FaultPlan(Duration.ofSeconds(3), FAST.period(), FAST.heartbeatPause(),
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
     * A fault planned for [a, b) after the fault clock's zero is certainly on in [a + late, b - late), late being the
     * slack between the zero's wall-clock reading and the clock's: the wall reading comes after the clock's, so a line
     * the clock put at b can be stamped a little before b (seen once: 7.499994 s for a gap ending at 7.5 s). Nothing
     * matching may be written then, and something must be written on both sides of it.
     */
    static void assertGap(List<Double> times, double from, double to, double late, String what) {
        assertThat(times).as("%s during [%s, %s) s", what, from + late, to - late).noneMatch(t -> t >= from + late && t < to - late);
        assertThat(times).as("%s before %s s", what, from).anyMatch(t -> t < from + late);
        assertThat(times).as("%s after %s s", what, to).anyMatch(t -> t >= to);
    }

    @Test
    void the_written_lines_show_the_heartbeat_pause_the_sol_gap_and_the_error_burst(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("faults.jsonl");
        // At 100 events/s heartbeats come every 100 ticks (about 1.1 s) and SOL-USD quotes about every 60 ms.
        TraderOptions options = TraderOptions.defaults(file).withRate(100).withDuration(Duration.ofMillis(9_500))
                .withConsole(false).withSeed(9).withFaults(true);
        // The fault clock's first reading (the first event) is the plan's time zero: note the wall clock then.
        AtomicReference<Instant> zero = new AtomicReference<>();
        DemoTrader trader = new DemoTrader(options, PLAN, () -> {
            long nanos = System.nanoTime();
            zero.compareAndSet(null, Instant.now());
            return nanos;
        });
        try (trader) {
            trader.run();
        }
        Instant before = zero.get();
        double late = 0.001; // between the two readings above
        List<ObjectNode> lines = JsonLines.read(file);

        assertGap(times(lines, before, event("heartbeat")), 3.0, 4.75, late, "heartbeats");
        assertGap(times(lines, before, price("SOL-USD")), 5.75, 7.5, late, "SOL-USD quotes");
        List<Double> btc = times(lines, before, price("BTC-USD"));
        assertThat(btc).as("BTC-USD quotes go on during the SOL-USD gap").anyMatch(t -> t > 5.75 + late && t < 7.5);

        List<ObjectNode> burst = lines.stream().filter(l -> l.get("event").asText().equals("error")
                && l.get("reason").asText().contains("reconnect attempt")).toList();
        assertThat(burst).hasSize(30);
        assertThat(burst).allMatch(l -> l.get("level").asText().equals("ERROR") && l.get("component").asText().equals("gateway"));
        assertThat(at(burst.get(0), before)).as("burst start").isGreaterThanOrEqualTo(8.5);
        Instant first = Instant.parse(burst.get(0).get("timestamp").asText());
        Instant last = Instant.parse(burst.get(29).get("timestamp").asText());
        assertThat(Duration.between(first, last)).as("burst length (planned: 30 errors over 150 ms)").isLessThanOrEqualTo(Duration.ofMillis(5_000 / 20));
    }

    @Test
    void without_faults_nothing_is_missing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calm.jsonl");
        TraderOptions options = TraderOptions.defaults(file).withRate(100).withDuration(Duration.ofMillis(3_000))
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
