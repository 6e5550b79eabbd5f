package io.stratmon.app.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * CPU time of this process by who spent it: the shipper's threads, the embedded QuestDB's worker threads, the JVM's
 * own (garbage collection, JIT compilers), and the rest (the bench itself). QuestDB runs in the same JVM, so the
 * process total says nothing on its own; each thread's name says whose it is.
 * <pre>{@code
 * ThreadCpu.Sample before = ThreadCpu.sample();
 * ...                                                   // ship
 * ThreadCpu.Sample spent = ThreadCpu.sample().minus(before);
 * long shipperNanos = spent.nanos(ThreadCpu.Group.SHIPPER);
 * }</pre>
 * On Linux it reads every thread of the process from {@code /proc/self/task/<tid>/schedstat} (nanoseconds on the
 * CPU, the JVM's GC and compiler threads included) with the thread's name from {@code comm} (cut to 15 characters by
 * the kernel). Elsewhere it falls back to {@link ThreadMXBean} for Java threads and puts the rest of the process's CPU
 * time under {@link Group#JVM}. A thread that ended between two samples takes its CPU time with it: sample before
 * the threads you measure stop.
 */
public final class ThreadCpu {
    private static final Path TASKS = Path.of("/proc/self/task");

    /** Whose CPU time it is. */
    public enum Group {
        /**
         * {@code stratmon-shipper*} (reading and converting, sending), the JDK HTTP client the shipper sends with, and
         * the JDK's inotify thread behind the shipper's directory watch.
         */
        SHIPPER,
        /** The embedded QuestDB's worker pools: network (ILP/HTTP parsing), write, WAL apply, query, logging. */
        QUESTDB,
        /** The JVM's own threads: garbage collectors, JIT compilers, the VM thread. Shared by everything in the process. */
        JVM,
        /** Everything else: the bench's generator, writer and poller, the main thread. */
        OTHER
    }

    private ThreadCpu() {}

    /** The group of a thread by its name (as Java names it, or as the kernel cuts it to 15 characters). */
    public static Group groupOf(String name) {
        // FileSystemWatchService (the kernel cuts it to "FileSystemWatch"): the JDK's inotify thread, the shipper's
        // directory watch (QuestDB does not use java.nio's WatchService).
        if (name.startsWith("stratmon-shipp") || name.startsWith("HttpClient-") || name.startsWith("FileSystemWatch")) return Group.SHIPPER;
        for (String prefix : QUESTDB_PREFIXES) if (name.startsWith(prefix)) return Group.QUESTDB;
        for (String prefix : JVM_PREFIXES) if (name.startsWith(prefix)) return Group.JVM;
        return Group.OTHER;
    }

    /** QuestDB 9.3's worker pools (seen in /proc while it ingests): shared-network_0, wal-apply_1, ... */
    private static final String[] QUESTDB_PREFIXES = {"shared-", "wal-apply", "logging_", "mat-view", "view-compiler",
            "export_", "questdb", "ilp-", "line-", "pg-"};
    private static final String[] JVM_PREFIXES = {"GC Thread", "G1 ", "C1 Compiler", "C2 Compiler", "VM Thread",
            "VM Periodic", "Sweeper", "Service Thread", "Monitor Deflat", "Reference Hand", "Finalizer", "Signal Disp",
            "Common-Cleaner", "Notification Th", "Attach Listen", "JFR "};

    /**
     * CPU nanoseconds per group at one moment (cumulative since each thread started), and how many times the group's
     * threads were put on a CPU ({@code schedstat}'s third field: wake-ups plus preemptions; empty off Linux).
     */
    public record Sample(Map<Group, Long> byGroup, long wallNanos, Map<Group, Long> runs) {
        public Sample(Map<Group, Long> byGroup, long wallNanos) {
            this(byGroup, wallNanos, Map.of());
        }

        public long nanos(Group group) {
            return byGroup.getOrDefault(group, 0L);
        }

        /** Times the group's threads were scheduled onto a CPU (about its wake-ups). */
        public long runs(Group group) {
            return runs.getOrDefault(group, 0L);
        }

        /** Scheduled runs of the group per second of the sample's wall time. */
        public double runsPerSecond(Group group) {
            return wallNanos <= 0 ? Double.NaN : runs(group) * 1e9 / wallNanos;
        }

        public long total() {
            return byGroup.values().stream().mapToLong(Long::longValue).sum();
        }

        /** What was spent between {@code earlier} and this sample. */
        public Sample minus(Sample earlier) {
            Map<Group, Long> diff = new EnumMap<>(Group.class);
            Map<Group, Long> runDiff = new EnumMap<>(Group.class);
            for (Group g : Group.values()) {
                diff.put(g, Math.max(0, nanos(g) - earlier.nanos(g)));
                runDiff.put(g, Math.max(0, runs(g) - earlier.runs(g)));
            }
            return new Sample(diff, wallNanos - earlier.wallNanos, runDiff);
        }

        /** CPU of the group in percent of one core over the sample's wall time. */
        public double percentOfCore(Group group) {
            return wallNanos <= 0 ? Double.NaN : 100.0 * nanos(group) / wallNanos;
        }
    }

    /** The CPU time of every live thread of this process, by group. */
    public static Sample sample() {
        long wall = System.nanoTime();
        Map<Group, Long> runs = new EnumMap<>(Group.class);
        Map<Group, Long> fromProc = fromProc(runs);
        return fromProc != null ? new Sample(fromProc, wall, runs) : new Sample(fromMxBean(), wall);
    }

    /**
     * CPU nanoseconds of the JIT compiler threads alone (a part of {@link Group#JVM}; the rest of it is mostly the
     * garbage collector), or -1 where /proc cannot be read.
     */
    public static long compilerNanos() {
        if (!Files.isDirectory(TASKS)) return -1;
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) sum += runNanos(Files.readString(task.resolve("schedstat")));
                } catch (IOException | RuntimeException e) {
                    // ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    /** Null when /proc cannot be read (not Linux); fills {@code runs} with the scheduled runs per group. */
    private static Map<Group, Long> fromProc(Map<Group, Long> runs) {
        if (!Files.isDirectory(TASKS)) return null;
        Map<Group, Long> sums = new EnumMap<>(Group.class);
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    String schedstat = Files.readString(task.resolve("schedstat"));
                    Group group = groupOf(name);
                    sums.merge(group, runNanos(schedstat), Long::sum);
                    runs.merge(group, runCount(schedstat), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // The thread ended while we looked: its time is gone with it.
                }
            }
        } catch (IOException e) {
            return null;
        }
        return sums;
    }

    /** The first field of {@code schedstat}: time spent on the CPU, in nanoseconds. */
    static long runNanos(String schedstat) {
        String s = schedstat.strip();
        int space = s.indexOf(' ');
        return Long.parseLong(space < 0 ? s : s.substring(0, space));
    }

    /** The third field of {@code schedstat}: how many times the thread was put on a CPU. */
    static long runCount(String schedstat) {
        String[] f = schedstat.strip().split(" ");
        return f.length < 3 ? 0 : Long.parseLong(f[2]);
    }

    private static Map<Group, Long> fromMxBean() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Group, Long> sums = new EnumMap<>(Group.class);
        long javaThreads = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) continue;
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos < 0) continue;
            sums.merge(groupOf(info.getThreadName()), nanos, Long::sum);
            javaThreads += nanos;
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            sums.merge(Group.JVM, Math.max(0, os.getProcessCpuTime() - javaThreads), Long::sum);
        }
        return sums;
    }
}
