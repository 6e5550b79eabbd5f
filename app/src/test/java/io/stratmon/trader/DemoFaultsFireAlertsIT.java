package io.stratmon.trader;

import io.stratmon.alerts.AlertEngine;
import io.stratmon.alerts.AlertStore;
import io.stratmon.alerts.AlertsConfig;
import io.stratmon.alerts.BuiltinRules;
import io.stratmon.alerts.RuleGroup;
import io.stratmon.alerts.RuleLoader;
import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.sql.QueryResult;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9: "the demo's fault injection makes at least the heartbeat and stale-feed rules fire and resolve", on the
 * real wiring: the demo trader with faults writes its log, the shipper tails it into an embedded QuestDB, and the
 * built-in rules' engine evaluates them and records its transitions in {@code stratmon_alerts}.
 * <p>
 * The rules are the built-in ones, unchanged (heartbeat older than 15 s, a symbol's price older than 15 s, both
 * {@code for: 5s}); only the group's evaluation interval is 2 s instead of 5 s, and the fault plan is the demo's with
 * its phases moved closer together and at once (it lives in this package so it can pass one), so the run takes about 40 s.
 */
class DemoFaultsFireAlertsIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    /**
     * Heartbeat pause and SOL-USD gap both 3–31 s (at once: one wait sees both rules), no error burst in the run; long
     * enough for 15 s + for 5 s + 2 s evaluations.
     */
    static final FaultPlan PLAN = new FaultPlan(Duration.ofSeconds(3), Duration.ofMinutes(10), Duration.ofSeconds(28),
            Duration.ZERO, Duration.ofSeconds(28), "SOL-USD", Duration.ofMinutes(9), 30, Duration.ofSeconds(3));

    record Row(Instant at, String alertname, String state, String labels) {}

    @Test
    void the_demo_faults_make_the_heartbeat_and_stale_feed_rules_fire_and_then_resolve() throws Exception {
        Path log = dir.resolve("trader.jsonl");
        RuleLoader.Result builtin = BuiltinRules.load();
        assertThat(builtin.problems()).isEmpty();
        RuleGroup strategy = builtin.groups().stream().filter(g -> g.name().equals("strategy")).findFirst().orElseThrow();
        assertThat(strategy.rules()).extracting(r -> r.name()).contains("HeartbeatMissing", "StalePriceFeed");
        RuleGroup fast = new RuleGroup(strategy.name(), Duration.ofSeconds(2), strategy.rules(), strategy.source());

        try (Shipper shipper = Shipper.start(ShipperConfig.of(List.of(log.toString()), questdb.httpUrl(), dir.resolve("state")).withCredentials(questdb.username(), questdb.password()));
             DemoTrader trader = new DemoTrader(TraderOptions.defaults(log).withProfile(Profile.STRATEGY).withRate(20)
                     .withConsole(false).withFaults(true), PLAN, System::nanoTime)) {
            Thread traderThread = new Thread(trader::run, "demo-trader-faults-it");
            Instant t0 = Instant.now();
            traderThread.start();
            // The engine starts once both feeds are in QuestDB: HeartbeatMissing has no_data: firing, and a missing
            // table at start-up must not count as the fault firing.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    hasRows("SELECT count() FROM heartbeat") && hasRows("SELECT count() FROM price WHERE symbol = 'SOL-USD'"));
            try (AlertEngine engine = AlertEngine.create(AlertsConfig.defaults(), List.of(fast), questdb.sql())) {
                engine.start();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                        firedThenResolved(rows(), "HeartbeatMissing") && firedThenResolved(rows(), "StalePriceFeed"));
                assertThat(engine.snapshot().storeErrors()).isZero();
            } finally {
                trader.stop();
                traderThread.join(5_000);
            }
            assertThat(shipper.metrics().deadLettered()).isZero();

            List<Row> rows = rows();
            Instant pauseStart = t0.plus(PLAN.start()), pauseEnd = pauseStart.plus(PLAN.heartbeatPause());
            Instant gapStart = pauseStart.plus(PLAN.priceGapAt()), gapEnd = gapStart.plus(PLAN.priceGap());
            // Each fires only after its condition has held 15 s and then for 5 s, and before its data came back;
            // it resolves only once the data is back. (1 s slack for the clocks; 3 s for the shipper and an evaluation.)
            assertWithin(rows, "HeartbeatMissing", pauseStart, pauseEnd);
            assertWithin(rows, "StalePriceFeed", gapStart, gapEnd);
            assertThat(rows).filteredOn(r -> r.alertname().equals("StalePriceFeed"))
                    .allSatisfy(r -> assertThat(r.labels()).contains("\"symbol\":\"SOL-USD\""));
        }
    }

    private static void assertWithin(List<Row> rows, String name, Instant faultStart, Instant faultEnd) {
        List<Row> mine = rows.stream().filter(r -> r.alertname().equals(name)).toList();
        Row firing = mine.stream().filter(r -> r.state().equals("firing")).findFirst().orElseThrow();
        Row resolved = mine.stream().filter(r -> r.state().equals("resolved") && r.at().isAfter(firing.at())).findFirst().orElseThrow();
        assertThat(firing.at()).as("%s fires after 15 s + for 5 s of the fault", name)
                .isAfter(faultStart.plusSeconds(19)).isBefore(faultEnd.plusSeconds(3));
        assertThat(resolved.at()).as("%s resolves once the data is back", name)
                .isAfter(faultEnd.minusSeconds(1)).isBefore(faultEnd.plusSeconds(8));
        assertThat(mine.stream().filter(r -> r.state().equals("firing")).count()).as("%s fires once: %s", name, mine).isEqualTo(1);
    }

    private static boolean firedThenResolved(List<Row> rows, String name) {
        boolean fired = false;
        for (Row r : rows) {
            if (!r.alertname().equals(name)) continue;
            if (r.state().equals("firing")) fired = true;
            else if (fired && r.state().equals("resolved")) return true;
        }
        return false;
    }

    private static boolean hasRows(String countQuery) {
        try {
            return questdb.query(countQuery).longValue(0, 0) > 0;
        } catch (RuntimeException notYet) {
            return false; // the shipper has not created the table yet
        }
    }

    private static List<Row> rows() {
        QueryResult r;
        try {
            r = questdb.query("SELECT timestamp, alertname, state, labels FROM " + AlertStore.TABLE + " ORDER BY timestamp");
        } catch (RuntimeException notYet) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            rows.add(new Row(OffsetDateTime.parse(String.valueOf(r.value(i, 0))).toInstant(), String.valueOf(r.value(i, 1)),
                    String.valueOf(r.value(i, 2)), String.valueOf(r.value(i, 3))));
        }
        return rows;
    }
}
