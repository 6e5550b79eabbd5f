package io.stratmon.app;

import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;
import io.stratmon.store.EmbeddedQuestDb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Start-up of {@code ship} to its first row in QuestDB, measured the way a user meets it: from the exec of
 * {@code ./stratmon ship --file F --questdb URL} (fresh state dir, a 1-line file, the table already there, QuestDB
 * already running) to the row being visible ({@code count()} polled every 3 ms). Not a test: run it outside
 * {@code mvn verify}, with {@code scripts/startup-bench.sh} (which builds the class path), e.g.
 *
 * <pre>
 * scripts/startup-bench.sh --runs 10                      # ./stratmon ship, as users run it
 * scripts/startup-bench.sh --runs 10 --opts '-XX:TieredStopAtLevel=1'   # extra JVM options (STRATMON_JAVA_OPTS)
 * scripts/startup-bench.sh --runs 5 --classes             # also count the classes loaded, and how many came from CDS,
 *                                                         # and the phases of the start (below)
 * </pre>
 * With {@code --classes}, the JVM logs every class it loads with a wall-clock stamp, and the phases of a start are
 * read from it, in ms after the exec: {@code jvm} (its first class), {@code main} (AgentMain), {@code shipper} (the
 * config read, the shipper being built), {@code connect} (the first connection to QuestDB opened), {@code answer}
 * (its first answer read: reachable), {@code sink} (the sink built), {@code acked} (the first ILP request acknowledged,
 * its rows waiting to be visible), and {@code visible}; the classes counted are those loaded by the time the row was visible.
 *
 * Prints, per run and as median and min over the runs: wall and CPU time (user + system of the process and its
 * reaped children, from {@code /proc/PID/stat}) at the moment the row is visible, and CPU per thread group (main, JIT,
 * GC, stratmon's threads, the rest). One warm-up run first (not counted): it creates the table and lets the launcher
 * record its class-data archive, as a user's first run does.
 */
public final class StartupBenchmark {
    private static final long TICK_NANOS = 1_000_000_000L / 100; // USER_HZ is 100 on Linux

    public static void main(String[] args) throws Exception {
        int runs = 10;
        String opts = "";
        boolean classes = false;
        Path launcher = Path.of("stratmon").toAbsolutePath();
        String questdbUrl = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--opts" -> opts = args[++i];
                case "--classes" -> classes = true;
                case "--launcher" -> launcher = Path.of(args[++i]).toAbsolutePath();
                case "--questdb" -> questdbUrl = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--runs N, --opts 'JVM OPTIONS', --classes, --launcher PATH, --questdb URL)");
            }
        }
        Path work = Files.createTempDirectory("stratmon-startup-");
        EmbeddedQuestDb db = null;
        if (questdbUrl == null) {
            db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(work.resolve("questdb")).withoutCredentials());
            questdbUrl = db.httpUrl();
        }
        try (SqlClient sql = SqlClient.connect(questdbUrl)) {
            System.out.printf("stratmon ship start-up: %s, opts [%s], %d runs, load average %s%n", launcher, opts, runs, loadAverage());
            List<Run> results = new ArrayList<>();
            for (int i = 0; i <= runs; i++) {
                Run r = once(launcher, opts, classes, questdbUrl, sql, work.resolve("run" + i), i);
                if (i == 0) {
                    System.out.printf("warm-up  wall %5d ms  cpu %5d ms%n", r.wallMs, r.cpuMs);
                    continue;
                }
                results.add(r);
                System.out.printf("run %2d   wall %5d ms  cpu %5d ms  %s%s%n", i, r.wallMs, r.cpuMs, r.threads,
                        classes ? "  classes " + r.classesLoaded + " (" + r.classesShared + " from CDS)  phases " + r.phases : "");
            }
            System.out.printf("median   wall %5d ms  cpu %5d ms   min wall %5d ms  cpu %5d ms   (load average %s)%n",
                    median(results, true), median(results, false), min(results, true), min(results, false), loadAverage());
            Map<String, List<Long>> byGroup = new TreeMap<>();
            for (Run r : results) r.threads.forEach((k, v) -> byGroup.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            StringBuilder line = new StringBuilder("median cpu by thread:");
            byGroup.forEach((k, v) -> line.append(' ').append(k).append('=').append(medianOf(v)).append("ms"));
            System.out.println(line);
            if (classes) {
                Map<String, List<Long>> byPhase = new LinkedHashMap<>();
                for (Run r : results) r.phases.forEach((k, v) -> byPhase.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                StringBuilder phases = new StringBuilder("median phases, ms after the exec:");
                byPhase.forEach((k, v) -> phases.append(' ').append(k).append('=').append(medianOf(v)));
                System.out.println(phases.append("; classes by then ").append(medianOf(results.stream()
                        .map(Run::classesLoaded).toList())).append(" (").append(medianOf(results.stream()
                        .map(Run::classesShared).toList())).append(" from CDS)"));
            }
        } finally {
            if (db != null) db.close();
        }
    }

    record Run(long wallMs, long cpuMs, Map<String, Long> threads, long classesLoaded, long classesShared,
               Map<String, Long> phases) {}

    /** Phase, and the classes whose first load marks it (the first of them found counts): ours, then the JDK client's. */
    private static final Map<String, List<String>> PHASES = phases();

    private static Map<String, List<String>> phases() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("main", List.of("io.stratmon.app.AgentMain"));
        m.put("shipper", List.of("io.stratmon.shipper.Shipper"));
        m.put("sink", List.of("io.stratmon.shipper.sink.HttpIlpSink"));
        m.put("connect", List.of("io.stratmon.sql.SyncHttp$Connection", "jdk.internal.net.http.PlainHttpConnection"));
        m.put("answer", List.of("io.stratmon.sql.SyncHttp$Response", "jdk.internal.net.http.Http1Response"));
        m.put("acked", List.of("io.stratmon.shipper.sink.VisibilityGate$Pending"));
        return m;
    }

    private static Run once(Path launcher, String opts, boolean classes, String url, SqlClient sql, Path dir, int i)
            throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("startup.jsonl");
        // A timestamp of its own per run: a QuestDB given with --questdb keeps earlier runs' rows, and a row equal to
        // one of them in timestamp, file identity and offset would be deduplicated away (and never counted).
        Files.writeString(file, "{\"timestamp\":\"" + java.time.Instant.now() + "\",\"event\":\"startup_bench\",\"level\":\"info\",\"run\":" + i + "}\n");
        long before = count(sql);
        Path classLog = dir.resolve("classes.log");
        String javaOpts = opts + (classes ? " -Xlog:class+load=info:file=" + classLog + ":timemillis" : "");
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "ship", "--file", file.toString(), "--questdb", url,
                "--state-dir", dir.resolve("state").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("STRATMON_JAVA_OPTS", javaOpts.trim());
        pb.environment().remove("JAVA_OPTS");
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        Process p = pb.start();
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        while (count(sql) <= before) {
            if (!p.isAlive()) throw new IllegalStateException("ship exited with " + p.exitValue() + ": " + Files.readString(dir.resolve("out.txt")));
            if (System.nanoTime() > deadline) throw new IllegalStateException("no row after 60 s: " + Files.readString(dir.resolve("out.txt")));
            Thread.sleep(3);
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        long visibleMillis = System.currentTimeMillis();
        long pid = p.pid();
        long cpu = processCpuMs(pid);
        Map<String, Long> threads = threadCpuMs(pid);
        p.destroy(); // SIGTERM: a clean stop (the launcher's first run writes its archive then)
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("ship did not stop on SIGTERM within 60 s");
        }
        long loaded = 0, shared = 0;
        Map<String, Long> phases = new LinkedHashMap<>();
        if (classes && Files.exists(classLog)) {
            Map<String, Long> firstLoad = new java.util.HashMap<>();
            long jvm = -1;
            for (String l : Files.readAllLines(classLog)) {
                // [1764600000123ms] io.stratmon.app.AgentMain source: shared objects file (top)
                int close = l.indexOf("ms]");
                if (!l.startsWith("[") || close < 0) continue;
                long at = Long.parseLong(l.substring(1, close));
                if (jvm < 0) jvm = at;
                if (at > visibleMillis) continue;
                loaded++;
                if (l.contains("shared objects file")) shared++;
                int nameEnd = l.indexOf(' ', close + 4);
                firstLoad.putIfAbsent(l.substring(close + 4, nameEnd < 0 ? l.length() : nameEnd), at);
            }
            phases.put("jvm", jvm - startMillis);
            PHASES.forEach((phase, marks) -> marks.stream().filter(firstLoad::containsKey).findFirst()
                    .ifPresent(c -> phases.put(phase, firstLoad.get(c) - startMillis)));
            phases.put("visible", visibleMillis - startMillis);
        }
        return new Run(wall, cpu, threads, loaded, shared, phases);
    }

    private static long count(SqlClient sql) {
        try {
            return sql.query("SELECT count() FROM startup_bench").longValue(0, 0);
        } catch (SqlException e) {
            return 0; // not created yet (the warm-up run creates it)
        }
    }

    /** utime + stime + cutime + cstime (fields 14-17 of /proc/PID/stat), in ms. */
    static long processCpuMs(long pid) throws IOException {
        String[] f = statFields(Path.of("/proc", Long.toString(pid), "stat"));
        long ticks = 0;
        for (int i = 13; i <= 16; i++) ticks += Long.parseLong(f[i]);
        return ticks * TICK_NANOS / 1_000_000;
    }

    /** CPU per thread group: main, jit (C1/C2 compiler threads), gc, stratmon (its own named threads), other. */
    static Map<String, Long> threadCpuMs(long pid) throws IOException {
        Map<String, Long> groups = new LinkedHashMap<>();
        for (String g : List.of("main", "jit", "gc", "stratmon", "other")) groups.put(g, 0L);
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (var stream = Files.list(tasks)) {
            for (Path t : stream.toList()) {
                String raw;
                try {
                    raw = Files.readString(t.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String comm = raw.substring(raw.indexOf('(') + 1, raw.lastIndexOf(')'));
                String[] f = statFields(t.resolve("stat"), raw);
                long ms = (Long.parseLong(f[13]) + Long.parseLong(f[14])) * TICK_NANOS / 1_000_000;
                String group = comm.equals("java") || comm.equals("main") ? "main"
                        : comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") ? "jit"
                        : comm.contains("GC") || comm.startsWith("VM Thread") ? "gc"
                        : comm.startsWith("stratmon") || comm.startsWith("shipper") ? "stratmon" : "other";
                groups.merge(group, ms, Long::sum);
            }
        }
        return groups;
    }

    private static String[] statFields(Path stat) throws IOException {
        return statFields(stat, Files.readString(stat));
    }

    /** The fields of a stat line, numbered as in proc(5) minus one; the command name (field 2) may hold spaces. */
    private static String[] statFields(Path stat, String raw) {
        String rest = raw.substring(raw.lastIndexOf(')') + 2);
        String[] tail = rest.trim().split(" ");
        String[] all = new String[tail.length + 2];
        all[0] = raw.substring(0, raw.indexOf(' '));
        all[1] = "(comm)";
        System.arraycopy(tail, 0, all, 2, tail.length);
        return all;
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "?";
        }
    }

    private static long median(List<Run> runs, boolean wall) {
        return medianOf(runs.stream().map(r -> wall ? r.wallMs : r.cpuMs).toList());
    }

    private static long min(List<Run> runs, boolean wall) {
        return runs.stream().mapToLong(r -> wall ? r.wallMs : r.cpuMs).min().orElse(0);
    }

    private static long medianOf(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }
}
