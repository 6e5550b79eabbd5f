package io.stratmon.alerts;

import io.stratmon.sql.SqlClient;
import io.stratmon.store.EmbeddedQuestDb;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The alerting benchmark (prints figures, asserts nothing): 100 rules every 10 s over a 10-million-row {@code price}
 * table in an embedded QuestDB, plus one rule whose condition the benchmark switches on, delivered to a real
 * Alertmanager. Reports p50/p95 evaluation time per rule, the process's CPU share of one core while evaluating
 * (QuestDB runs in the same JVM, so its query work is included), and the time from the condition becoming true to
 * Alertmanager listing the alert.
 *
 * <pre>mvn -B -o -q -pl alerts -am test-compile && java -cp "$(cat alerts/target/cp.txt):alerts/target/classes:alerts/target/test-classes" io.stratmon.alerts.AlertsBenchmark</pre>
 */
public final class AlertsBenchmark {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        Path dir = Files.createTempDirectory("stratmon-alerts-bench-");
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(dir.resolve("questdb")));
             AlertmanagerProcess am = new AlertmanagerProcess(dir.resolve("am"), AlertmanagerProcess.freePort()).start()) {
            SqlClient sql = db.sqlClient();
            long t0 = System.nanoTime();
            sql.query("CREATE TABLE price (timestamp TIMESTAMP, symbol SYMBOL, bid DOUBLE, ask DOUBLE, last DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
            // 10 M rows over the last ~2.8 hours (1 ms apart), 20 symbols.
            sql.query("INSERT INTO price SELECT dateadd('T', -cast(10000000 - x as int), now()), 'SYM-' || (x % 20), 100.0 + rnd_double(), "
                    + "101.0 + rnd_double(), 100.5 + rnd_double() FROM long_sequence(10000000)", Duration.ofMinutes(10));
            while (sql.query("SELECT count() FROM wal_tables() WHERE writerTxn < sequencerTxn").longValue(0, 0) > 0) Thread.sleep(200);
            System.out.printf("loaded %,d rows in %.1f s%n", sql.query("SELECT count() FROM price").longValue(0, 0), (System.nanoTime() - t0) / 1e9);
            sql.query("CREATE TABLE knob (timestamp TIMESTAMP, value DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY BYPASS WAL");

            StringBuilder yaml = new StringBuilder("groups:\n  - name: bench\n    interval: 10s\n    rules:\n");
            String[] shapes = {
                    "SELECT * FROM (SELECT symbol, datediff('s', timestamp, now()) AS value FROM price LATEST ON timestamp PARTITION BY symbol) WHERE value > %d",
                    "SELECT * FROM (SELECT symbol, count() AS value FROM price WHERE timestamp > dateadd('m', -1, now())) WHERE value < %d",
                    "SELECT * FROM (SELECT symbol, avg(ask - bid) AS value FROM price WHERE timestamp > dateadd('m', -5, now())) WHERE value > %d",
                    "SELECT * FROM (SELECT max(last) - min(last) AS value FROM price WHERE timestamp > dateadd('m', -10, now())) WHERE value > %d"};
            for (int i = 0; i < 100; i++) {
                yaml.append("      - alert: Bench").append(i).append("\n        expr: \"").append(String.format(shapes[i % shapes.length], 1000 + i)).append("\"\n");
            }
            yaml.append("  - name: knob\n    interval: 10s\n    rules:\n      - alert: KnobOn\n        expr: SELECT * FROM (SELECT last(value) AS value FROM knob) WHERE value > 0\n");
            RuleLoader.Result rules = RuleLoader.parse(yaml.toString(), "bench.yml");
            if (!rules.ok()) throw new IllegalStateException(rules.problems().toString());

            // Evaluation time per rule, from the engine's own evaluator on the real table.
            RuleEvaluator evaluator = new RuleEvaluator(QueryRunner.of(sql), Clock.systemUTC(), Duration.ofSeconds(10), 1000);
            List<Long> micros = new ArrayList<>();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime(), wall0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                long roundStart = System.nanoTime();
                for (AlertRule rule : rules.groups().get(0).rules()) {
                    Evaluation e = evaluator.evaluate(rule);
                    if (e.outcome() == Evaluation.Outcome.ERROR) throw new IllegalStateException(rule.name() + ": " + e.error());
                    micros.add(e.took().toNanos() / 1000);
                }
                long left = Duration.ofSeconds(10).toNanos() - (System.nanoTime() - roundStart);
                if (left > 0) Thread.sleep(left / 1_000_000);
            }
            double cpuShare = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - wall0);
            Collections.sort(micros);
            System.out.printf("evaluation per rule over %d rounds of 100 rules: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", rounds,
                    micros.get(micros.size() / 2) / 1000.0, micros.get((int) (micros.size() * 0.95)) / 1000.0, micros.get(micros.size() - 1) / 1000.0);
            System.out.printf("CPU while evaluating 100 rules every 10 s: %.1f %% of one core (process incl. embedded QuestDB)%n", cpuShare * 100);

            // Condition true -> Alertmanager has it, with the engine running both groups on their schedule.
            AlertsConfig config = AlertsConfig.defaults().withRules(List.of("bench.yml"));
            List<Double> latencies = new ArrayList<>();
            try (AlertEngine engine = new AlertEngine(config, rules.groups(), QueryRunner.of(sql), Clock.systemUTC(),
                    List.of(Notifier.alertmanager(am.url(), "http://127.0.0.1:7300")))) {
                engine.start();
                for (int i = 0; i < 5; i++) {
                    sql.query("INSERT INTO knob VALUES (now(), 1.0)");
                    long on = System.nanoTime();
                    while (am.alerts().size() == 0) Thread.sleep(20);
                    latencies.add((System.nanoTime() - on) / 1e9);
                    sql.query("INSERT INTO knob VALUES (now(), 0.0)");
                    while (am.alerts().size() != 0) Thread.sleep(20);
                    Thread.sleep(1000 + 1700L * i); // start the next try at another point of the 10 s cycle
                }
            }
            Collections.sort(latencies);
            System.out.printf("condition true -> alert in Alertmanager (interval 10 s, goal < 21 s): min %.2f s, median %.2f s, max %.2f s%n",
                    latencies.get(0), latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));
            System.out.printf("machine: %d cores, %s, Java %s (shared with other builds)%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version"));
        }
    }
}
