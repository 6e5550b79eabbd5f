package io.stratmon.app;

import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;
import io.stratmon.store.EmbeddedQuestDb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's figures (issue 10, part 5): jar size, RSS and heap, CPU % of one core while {@code ./stratmon ship}
 * follows the demo trader at a steady rate, and a backlog's lines per second and CPU per line. Not a test: run it with
 * {@code scripts/agent-figures.sh} (which builds the class path), e.g.
 *
 * <pre>
 * scripts/agent-figures.sh                                   # 1k and 10k lines/s, 40 s each
 * scripts/agent-figures.sh --rates 1000 --seconds 60
 * scripts/agent-figures.sh --backfill 2000000 --opts '-XX:TieredStopAtLevel=1'   # a backlog, with extra JVM options
 * </pre>
 *
 * The trader (the reference profile, {@code price_log} lines) runs in its own JVM, QuestDB embedded in this one; the
 * figures are the {@code ship} process's alone: CPU from {@code /proc/PID/stat} over the measured window (after a
 * warm-up, {@code --warmup S}, default 20 s: C2 compiles for 10-30 s after start), peak RSS ({@code VmHWM}), heap used after a GC-free sample ({@code jstat -gc}: young + old used).
 */
public final class AgentFigures {
    public static void main(String[] args) throws Exception {
        List<Integer> rates = new ArrayList<>(List.of(1_000, 10_000));
        int seconds = 40;
        int warmup = 20;
        long backfill = 0;
        String opts = "";
        Path root = Path.of("").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rates" -> {
                    rates.clear();
                    for (String r : args[++i].split(",")) rates.add(Integer.parseInt(r.trim()));
                }
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--backfill" -> backfill = Long.parseLong(args[++i]);
                case "--opts" -> opts = args[++i];
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--rates 1000,10000, --seconds N, --warmup S, --backfill LINES, --opts 'JVM OPTIONS', --root DIR)");
            }
        }
        Path agentJar = root.resolve("app/target/stratmon-agent.jar");
        System.out.printf("agent jar %s: %.1f MB; opts [%s]; load average %s%n", agentJar,
                Files.size(agentJar) / 1e6, opts, loadAverage());
        Path work = Files.createTempDirectory("stratmon-agent-figures-");
        EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(work.resolve("questdb")).withoutCredentials());
        try (SqlClient sql = SqlClient.connect(db.httpUrl())) {
            if (backfill > 0) {
                backfill(root, opts, db.httpUrl(), sql, work.resolve("backfill"), backfill);
            }
            for (int rate : backfill > 0 ? List.<Integer>of() : rates) {
                steady(root, opts, db.httpUrl(), work.resolve("rate-" + rate), rate, warmup, seconds);
            }
        } finally {
            db.close();
        }
    }

    /** Ships a backlog of {@code lines} price_log lines written beforehand; lines per second and CPU per 1,000 lines. */
    private static void backfill(Path root, String opts, String url, SqlClient sql, Path dir, long lines) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve("backlog.jsonl");
        run(dir, "trader", List.of(java(), "-Xmx256m", "-jar", root.resolve("app/target/stratmon.jar").toString(), "trader",
                "--profile", "seed", "--log-file", log.toString(), "--rate", "1000000", "--count", Long.toString(lines), "--quiet"))
                .waitFor();
        if (!Files.exists(log)) throw new IllegalStateException("the trader wrote nothing: " + Files.readString(dir.resolve("trader.out")));
        long before = count(sql);
        Process ship = ship(root, opts, url, dir, log);
        long start = System.nanoTime();
        long peakRss = 0;
        while (count(sql) < before + lines) {
            if (!ship.isAlive()) throw new IllegalStateException("ship exited: " + Files.readString(dir.resolve("ship.out")));
            peakRss = Math.max(peakRss, rssKb(ship.pid()));
            Thread.sleep(20);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        long cpu = cpuMs(ship.pid());
        String heap = heapUsed(ship.pid());
        stop(ship);
        System.out.printf("backfill %,d lines: %.1f s, %,.0f lines/s, ship CPU %,d ms (%.1f ms per 1,000 lines), "
                        + "peak RSS %d MB, heap used at the end %s; load average %s%n",
                lines, wall, lines / wall, cpu, cpu * 1000.0 / lines, peakRss / 1024, heap, loadAverage());
    }

    /** The trader at {@code rate} lines/s for the warm-up and the window, and ship following it. */
    private static void steady(Path root, String opts, String url, Path dir, int rate, int warmup, int seconds) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve("trader.jsonl");
        Process trader = run(dir, "trader", List.of(java(), "-Xmx256m", "-jar", root.resolve("app/target/stratmon.jar").toString(),
                "trader", "--profile", "seed", "--log-file", log.toString(), "--rate", Integer.toString(rate),
                "--duration", (warmup + seconds + 5) + "s", "--quiet"));
        while (!Files.exists(log)) Thread.sleep(10);
        Process ship = ship(root, opts, url, dir, log);
        Thread.sleep(warmup * 1_000L); // warm-up: start-up, the JIT and the first catch-up are not the steady state
        ThreadRates.Snapshot threads0 = ThreadRates.snapshot(javaPid(ship.pid()));
        long cpu0 = cpuMs(ship.pid());
        long t0 = System.nanoTime();
        long peakRss = 0;
        String heap = "?";
        for (int s = 0; s < seconds; s++) {
            Thread.sleep(1_000);
            peakRss = Math.max(peakRss, rssKb(ship.pid()));
            if (s == seconds / 2) heap = heapUsed(ship.pid());
        }
        double window = (System.nanoTime() - t0) / 1e9;
        double cpuPercent = (cpuMs(ship.pid()) - cpu0) / 10.0 / window;
        ThreadRates.Snapshot threads1 = ThreadRates.snapshot(javaPid(ship.pid()));
        System.out.printf("rate %,d lines/s: ship's threads over the window%n", rate);
        ThreadRates.print(javaPid(ship.pid()), threads0, threads1); // before the stop: the names come from jcmd
        long hwm = statusKb(javaPid(ship.pid()), "VmHWM:");
        stop(ship);
        trader.destroy();
        trader.waitFor(30, TimeUnit.SECONDS);
        System.out.printf("rate %,d lines/s, measured %.1f s after a %d s warm-up: ship CPU %.1f %% of one core, RSS %d MB"
                + " (peak %d MB), heap used %s; load average %s%n", rate, window, warmup, cpuPercent, peakRss / 1024,
                hwm / 1024, heap, loadAverage());
    }

    private static Process ship(Path root, String opts, String url, Path dir, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(root.resolve("stratmon").toString(), "ship", "--file", log.toString(),
                "--questdb", url, "--state-dir", dir.resolve("state").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("ship.out").toFile());
        pb.environment().put("STRATMON_JAVA_OPTS", opts);
        pb.environment().remove("JAVA_OPTS");
        return pb.start();
    }

    private static Process run(Path dir, String name, List<String> command) throws IOException {
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile()).start();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
    }

    private static long count(SqlClient sql) {
        try {
            return sql.query("SELECT count() FROM price_log").longValue(0, 0);
        } catch (SqlException e) {
            return 0;
        }
    }

    private static long cpuMs(long pid) throws IOException {
        return StartupBenchmark.processCpuMs(javaPid(pid));
    }

    /** The launcher execs java once its class-data archive exists (same pid); on its first run java is its child. */
    private static long javaPid(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.children().findFirst()).map(ProcessHandle::pid).orElse(pid);
    }

    private static long rssKb(long pid) {
        try {
            return statusKb(javaPid(pid), "VmRSS:");
        } catch (IOException e) {
            return 0;
        }
    }

    private static long statusKb(long pid, String key) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith(key)) return Long.parseLong(l.substring(key.length()).trim().split("\\s+")[0]);
        }
        return 0;
    }

    /** Young + old generation used, from {@code jstat -gc} (KB columns S0U S1U EU OU). */
    private static String heapUsed(long pid) {
        try {
            Process p = new ProcessBuilder("jstat", "-gc", Long.toString(javaPid(pid))).redirectErrorStream(true).start();
            List<String> out = new String(p.getInputStream().readAllBytes()).lines().toList();
            p.waitFor();
            String[] head = out.get(0).trim().split("\\s+"), vals = out.get(1).trim().split("\\s+");
            double used = 0;
            for (int i = 0; i < head.length; i++) {
                if (List.of("S0U", "S1U", "EU", "OU").contains(head[i])) used += Double.parseDouble(vals[i]);
            }
            return String.format("%.0f MB", used / 1024);
        } catch (Exception e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
