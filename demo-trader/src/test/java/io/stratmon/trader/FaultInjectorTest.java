package io.stratmon.trader;

import io.stratmon.trader.TraderEvent.ComponentError;
import io.stratmon.trader.TraderEvent.Heartbeat;
import io.stratmon.trader.TraderEvent.Price;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's fault plan on the real strategy with a manual clock: 20 events a second (the demo's rate) for 400
 * simulated seconds, so two cycles, each event stamped with the clock's time when it was handed out.
 */
class FaultInjectorTest {
    private static final long MS = 1_000_000;
    private static final long SECOND = 1_000 * MS;

    record Stamped(long nanos, TraderEvent event) {
        double seconds() {
            return nanos / (double) SECOND;
        }
    }

    static List<Stamped> run(long seed, long seconds) {
        return run(seed, seconds, FaultPlan.DEMO);
    }

    static List<Stamped> run(long seed, long seconds, FaultPlan plan) {
        long[] clock = {0};
        FaultInjector faults = new FaultInjector(new StrategySimulator(seed, 20, () -> clock[0]), plan, () -> clock[0]);
        List<Stamped> out = new ArrayList<>();
        while (clock[0] < seconds * SECOND) {
            out.add(new Stamped(clock[0], faults.next()));
            faults.burstDue().forEach(e -> out.add(new Stamped(clock[0], e)));
            clock[0] += 50 * MS;
        }
        return out;
    }

    /** Gaps between consecutive matching events, as [from, to] in seconds. */
    static List<double[]> gaps(List<Stamped> events, Predicate<TraderEvent> matching, double longerThan) {
        List<double[]> gaps = new ArrayList<>();
        double last = 0;
        for (Stamped s : events) {
            if (!matching.test(s.event())) continue;
            if (s.seconds() - last > longerThan) gaps.add(new double[] {last, s.seconds()});
            last = s.seconds();
        }
        return gaps;
    }

    @Test
    void the_heartbeat_pauses_35_seconds_from_20_s_and_again_every_3_minutes() {
        List<Stamped> events = run(3, 400);

        List<double[]> gaps = gaps(events, e -> e instanceof Heartbeat, 5);

        assertThat(gaps).hasSize(2);
        for (int cycle = 0; cycle < 2; cycle++) {
            double pauseStart = 20 + 180 * cycle;
            assertThat(gaps.get(cycle)[0]).as("last heartbeat before pause %d", cycle).isBetween(pauseStart - 2, pauseStart);
            assertThat(gaps.get(cycle)[1]).as("first heartbeat after pause %d", cycle).isBetween(pauseStart + 35, pauseStart + 37);
        }
        // The first heartbeat after the pause reports the stall, as a blocked loop would.
        Stamped resumed = events.stream().filter(s -> s.event() instanceof Heartbeat && s.seconds() >= 55).findFirst().orElseThrow();
        assertThat(((Heartbeat) resumed.event()).loopMs()).isBetween(35_000.0, 37_000.0);
    }

    @Test
    void sol_quotes_stop_for_35_seconds_while_the_other_symbols_go_on() {
        List<Stamped> events = run(3, 400);

        List<double[]> solGaps = gaps(events, e -> e instanceof Price p && p.symbol().equals("SOL-USD"), 10);

        assertThat(solGaps).hasSize(2);
        for (int cycle = 0; cycle < 2; cycle++) {
            double gapStart = 75 + 180 * cycle;
            assertThat(solGaps.get(cycle)[0]).isBetween(gapStart - 5, gapStart);
            assertThat(solGaps.get(cycle)[1]).isBetween(gapStart + 35, gapStart + 40);
        }
        for (String other : List.of("BTC-USD", "ETH-USD")) {
            assertThat(gaps(events, e -> e instanceof Price p && p.symbol().equals(other), 10)).as(other).isEmpty();
        }
        assertThat(gaps(events, e -> e instanceof Heartbeat, 5)).as("heartbeats in the price gap").noneMatch(g -> g[1] > 75 && g[0] < 110);
    }

    @Test
    void a_plan_whose_windows_overlap_pauses_the_heartbeat_and_stops_the_quotes_at_the_same_time() {
        FaultPlan both = new FaultPlan(Duration.ofSeconds(3), Duration.ofMinutes(10), Duration.ofSeconds(28), Duration.ZERO,
                Duration.ofSeconds(28), "SOL-USD", Duration.ofMinutes(9), 30, Duration.ofSeconds(3));
        List<Stamped> events = run(3, 60, both);

        List<double[]> heartbeat = gaps(events, e -> e instanceof Heartbeat, 5);
        List<double[]> sol = gaps(events, e -> e instanceof Price p && p.symbol().equals("SOL-USD"), 10);

        assertThat(heartbeat).hasSize(1);
        assertThat(heartbeat.get(0)[0]).isBetween(1.0, 3.0);
        assertThat(heartbeat.get(0)[1]).isBetween(31.0, 33.0);
        assertThat(sol).hasSize(1);
        assertThat(sol.get(0)[0]).isBetween(0.0, 3.0);
        assertThat(sol.get(0)[1]).isBetween(31.0, 36.0);
        assertThat(gaps(events, e -> e instanceof Price p && p.symbol().equals("BTC-USD"), 10)).isEmpty();
    }

    @Test
    void thirty_errors_come_within_five_seconds_once_a_cycle() {
        List<Stamped> events = run(3, 400);

        List<Stamped> burst = events.stream().filter(s -> s.event() instanceof ComponentError e && e.reason().contains("reconnect attempt")).toList();

        assertThat(burst).hasSize(60);
        for (int cycle = 0; cycle < 2; cycle++) {
            List<Stamped> one = burst.subList(30 * cycle, 30 * cycle + 30);
            double at = 130 + 180 * cycle;
            assertThat(one.get(0).seconds()).isBetween(at, at + 0.05);
            assertThat(one.get(29).seconds()).isBetween(at, at + 5);
            assertThat(((ComponentError) one.get(29).event()).reason()).isEqualTo("order session down, reconnect attempt 30 of 30 failed");
        }
    }

    @Test
    void before_20_seconds_nothing_is_missing() {
        List<Stamped> events = run(3, 20);

        assertThat(gaps(events, e -> e instanceof Heartbeat, 2)).isEmpty();
        assertThat(events).noneMatch(s -> s.event() instanceof ComponentError e && e.reason().contains("reconnect"));
    }

    @Test
    void the_plan_starts_when_the_first_event_is_asked_for_not_when_the_injector_is_built() {
        long[] clock = {500 * SECOND};
        FaultInjector faults = new FaultInjector(new StrategySimulator(1, 20, () -> clock[0]), FaultPlan.DEMO, () -> clock[0]);
        clock[0] = 1_000 * SECOND;
        faults.next();
        clock[0] += 130 * SECOND;
        assertThat(faults.burstDue()).hasSize(1);
    }

    @Test
    void the_same_seed_and_clock_give_the_same_events() {
        assertThat(run(5, 200)).isEqualTo(run(5, 200));
    }

    @Test
    void a_burst_missed_by_a_slow_trader_comes_out_whole_at_the_next_wake_up() {
        long[] clock = {0};
        FaultInjector faults = new FaultInjector(new StrategySimulator(1, 20, () -> clock[0]), FaultPlan.DEMO, () -> clock[0]);
        faults.next(); // the plan's time zero
        clock[0] = 129 * SECOND;
        assertThat(faults.burstDue()).isEmpty();
        clock[0] = 140 * SECOND;
        assertThat(faults.burstDue()).hasSize(30);
        assertThat(faults.burstDue()).isEmpty();
    }
}
