package io.stratmon.shipper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ShipperMain} in a process of its own, so that what it costs can be read from {@code /proc}: its CPU time
 * (user + system, all threads) and its descriptors. {@link #close()} sends SIGTERM and waits; the per-thread CPU
 * lines it prints then are in {@link #output()}.
 *
 * <pre>{@code
 * try (ShipperProcess shipper = ShipperProcess.start(dir, glob, questdb.httpUrl(), "")) {
 *     double share = shipper.cpuShare(Duration.ofSeconds(20));   // 0.004: 0.4 % of one core
 * }
 * }</pre>
 */
final class ShipperProcess implements AutoCloseable {
    private final Process process;
    private final Path out;

    private ShipperProcess(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /**
     * @param shellPrefix run before the JVM in the same shell, e.g. {@code "ulimit -n 1024 && "}
     * @param args        ShipperMain's: glob, QuestDB URL, state dir, optionally {@code metrics}
     */
    static ShipperProcess start(Path dir, String shellPrefix, List<String> jvmOptions, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ShipperMain.class.getName()));
        command.addAll(List.of(args));
        StringBuilder shell = new StringBuilder(shellPrefix).append("exec");
        for (String c : command) shell.append(" '").append(c.replace("'", "'\\''")).append("'");
        Path out = dir.resolve("shipper-" + System.nanoTime() + ".out");
        Process p = new ProcessBuilder("bash", "-c", shell.toString()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        return new ShipperProcess(p, out);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU time used so far (user + system, every thread), in clock ticks (1/100 s). */
    long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The share of one core it used over {@code window} of wall time (0.01 = 1 %). The window is the measurement. */
    double cpuShare(Duration window) throws InterruptedException {
        Map<String, Long> threadsBefore = threadTicks();
        long before = cpuTicks();
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        double seconds = (System.nanoTime() - t0) / 1e9;
        long used = cpuTicks() - before;
        Map<String, Long> threadsAfter = threadTicks();
        lastWindow = describe(threadsBefore, threadsAfter, seconds);
        long jit = threadsAfter.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToLong(e -> e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)).sum();
        lastJitShare = jit / 100.0 / seconds;
        return used / 100.0 / seconds;
    }

    private String lastWindow = "";
    private double lastJitShare;

    /** The share of a core the JIT's compiler threads (C1, C2) used in the last {@link #cpuShare} window. */
    double lastWindowJitShare() {
        return lastJitShare;
    }

    /** Per thread (JVM threads too: GC, JIT), the CPU of the last {@link #cpuShare} window, heaviest first. */
    String lastWindowByThread() {
        return lastWindow;
    }

    /** CPU ticks per thread now, by {@code /proc/PID/task/TID/stat} name (the JVM's threads included). */
    Map<String, Long> threadTicks() {
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')) + "#" + task.getFileName();
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ticks;
    }

    static String describe(Map<String, Long> before, Map<String, Long> after, double seconds) {
        Map<String, Long> byName = new HashMap<>();
        after.forEach((k, v) -> byName.merge(k.substring(0, k.lastIndexOf('#')).replaceAll("[0-9]+$", "N"), v - before.getOrDefault(k, 0L), Long::sum));
        StringBuilder b = new StringBuilder();
        byName.entrySet().stream().filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> b.append(String.format("  %-18s %5.2f %% of a core%n", e.getKey(), e.getValue() / 100.0 / seconds * 100)));
        return b.toString();
    }

    /** The per-thread CPU lines printed at SIGTERM ({@code thread-cpu NAME MILLIS ms}), heaviest first. */
    List<String> threadCpu() {
        List<String> lines = new ArrayList<>(output().lines().filter(l -> l.startsWith("thread-cpu")).toList());
        lines.sort((a, b) -> Long.compare(millis(b), millis(a)));
        return lines;
    }

    private static long millis(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[parts.length - 2]);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
