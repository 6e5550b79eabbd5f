package io.stratmon.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-thread CPU and wake-ups of another process over a window, for {@link AgentFigures}: from
 * {@code /proc/PID/task/TID/schedstat} (nanoseconds on a CPU) and {@code status} ({@code voluntary_ctxt_switches}: the
 * times the thread slept and was woken), with the Java thread names from {@code jcmd PID Thread.print} (the kernel cuts
 * them to 15 characters). Shows where a fixed cost per wake-up goes.
 * <pre>{@code
 * ThreadRates.Snapshot before = ThreadRates.snapshot(pid);
 * ...
 * ThreadRates.print(pid, before, ThreadRates.snapshot(pid));
 * }</pre>
 */
final class ThreadRates {
    private ThreadRates() {}

    /** One thread at one moment. */
    record Task(String comm, long cpuNanos, long voluntary, long involuntary) {}

    /** Every thread of a process at one moment, by tid. */
    record Snapshot(long nanoTime, Map<Long, Task> tasks) {}

    static Snapshot snapshot(long pid) throws IOException {
        Map<Long, Task> tasks = new HashMap<>();
        try (var dirs = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                try {
                    String comm = Files.readString(d.resolve("comm")).trim();
                    long cpu = Long.parseLong(Files.readString(d.resolve("schedstat")).trim().split("\\s+")[0]);
                    long vol = 0, invol = 0;
                    for (String l : Files.readAllLines(d.resolve("status"))) {
                        if (l.startsWith("voluntary_ctxt_switches:")) vol = Long.parseLong(l.split("\\s+")[1]);
                        if (l.startsWith("nonvoluntary_ctxt_switches:")) invol = Long.parseLong(l.split("\\s+")[1]);
                    }
                    tasks.put(Long.parseLong(d.getFileName().toString()), new Task(comm, cpu, vol, invol));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return new Snapshot(System.nanoTime(), tasks);
    }

    /** Threads that used at least 0.05 % of a core or woke at least once a second in the window, busiest first, and the total. */
    static void print(long pid, Snapshot before, Snapshot after) {
        double seconds = (after.nanoTime() - before.nanoTime()) / 1e9;
        Map<Long, String> names = javaNames(pid);
        record Row(String name, double cpuPercent, double wakes, double preempted) {}
        List<Row> rows = new ArrayList<>();
        double cpu = 0, wakes = 0;
        for (Map.Entry<Long, Task> e : after.tasks().entrySet()) {
            Task a = e.getValue(), b = before.tasks().get(e.getKey());
            if (b == null) b = new Task(a.comm(), 0, 0, 0); // started in the window
            Row r = new Row(names.getOrDefault(e.getKey(), a.comm()), (a.cpuNanos() - b.cpuNanos()) / 1e7 / seconds,
                    (a.voluntary() - b.voluntary()) / seconds, (a.involuntary() - b.involuntary()) / seconds);
            cpu += r.cpuPercent();
            wakes += r.wakes();
            if (r.cpuPercent() >= 0.05 || r.wakes() >= 1) rows.add(r);
        }
        rows.sort((x, y) -> Double.compare(y.cpuPercent(), x.cpuPercent()));
        System.out.printf("  %-40s %8s %10s %10s%n", "thread", "CPU %", "wakes/s", "preempt/s");
        for (Row r : rows) System.out.printf("  %-40s %7.2f%% %10.1f %10.1f%n", r.name(), r.cpuPercent(), r.wakes(), r.preempted());
        System.out.printf("  %-40s %7.2f%% %10.1f%n", "all threads", cpu, wakes);
    }

    private static final Pattern THREAD = Pattern.compile("^\"(.*)\" .*nid=0x([0-9a-f]+)");

    private static Map<Long, String> javaNames(long pid) {
        Map<Long, String> names = new HashMap<>();
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
            for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
                Matcher m = THREAD.matcher(line);
                if (m.find()) names.put(Long.parseLong(m.group(2), 16), m.group(1));
            }
            p.waitFor();
        } catch (IOException | InterruptedException e) {
            // names stay the kernel's
        }
        return names;
    }
}
