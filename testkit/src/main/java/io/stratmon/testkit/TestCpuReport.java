package io.stratmon.testkit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a test class's time goes: for every class, its wall time and the CPU time of the test JVM and of the
 * processes it started and reaped (child JVMs, QuestDB servers, Playwright's driver with its Chromium), one line per
 * class in {@code target/test-cpu/<pid>.tsv} (a file per test JVM, so surefire's and failsafe's forks never mix).
 * A class whose CPU is far below its wall time waits (intervals, {@code for:} durations, polls); one near or above
 * it computes. Read from {@code /proc/self/stat} (Linux; elsewhere nothing is written).
 * Beside it, {@code target/test-cpu/<pid>.jvm} holds one line of the same columns, {@code (test JVM)}, rewritten
 * whenever a test plan ends (a fork that is reused runs a plan per class): the JVM's whole life so far (wall since it
 * started, CPU of it and of its reaped children), which also counts what no class does: the JVM's start, class
 * loading before the first class, the JIT compiling after a class ended.
 * Registered for every module that tests with the testkit through {@code META-INF/services}; sum the files with
 * {@code cat app/target/test-cpu/*.tsv}.
 */
public final class TestCpuReport implements TestExecutionListener {
    private static final Path STAT = Path.of("/proc/self/stat");
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on every Linux the JDK runs on
    /** The class column of the line for the whole test JVM. */
    public static final String JVM_LINE = "(test JVM)";
    private final Map<String, long[]> started = new HashMap<>();

    @Override
    public synchronized void executionStarted(TestIdentifier id) {
        if (isClass(id)) {
            long[] cpu = cpuTicks();
            if (cpu != null) started.put(id.getUniqueId(), new long[] {System.nanoTime(), cpu[0], cpu[1]});
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        long[] start = started.remove(id.getUniqueId());
        long[] cpu = start == null ? null : cpuTicks();
        if (cpu == null) return;
        String name = ((ClassSource) id.getSource().orElseThrow()).getClassName();
        double wall = (System.nanoTime() - start[0]) / 1e9;
        double self = (cpu[0] - start[1]) / TICKS_PER_SECOND, children = (cpu[1] - start[2]) / TICKS_PER_SECOND;
        String line = String.format(java.util.Locale.ROOT, "%s\t%.1f\t%.1f\t%.1f\t%s%n", name, wall, self, children,
                result.getStatus());
        write(line);
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        long[] cpu = cpuTicks();
        if (cpu == null || !Files.isDirectory(Path.of("target"))) return;
        double wall = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        String line = String.format(java.util.Locale.ROOT, "%s\t%.1f\t%.1f\t%.1f\t%s%n", JVM_LINE, wall, cpu[0] / TICKS_PER_SECOND,
                cpu[1] / TICKS_PER_SECOND, "-");
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-cpu"));
            Files.writeString(dir.resolve(ProcessHandle.current().pid() + ".jvm"), line, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(String line) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-cpu"));
            Path file = dir.resolve(ProcessHandle.current().pid() + ".tsv");
            if (!Files.exists(file)) Files.writeString(file, "class\twall_s\tcpu_jvm_s\tcpu_children_s\tresult\n");
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isClass(TestIdentifier id) {
        return id.isContainer() && id.getSource().filter(s -> s instanceof ClassSource).isPresent()
                && Files.isDirectory(Path.of("target"));
    }

    /** {utime + stime, cutime + cstime} of this JVM in clock ticks, or null where there is no /proc. */
    static long[] cpuTicks() {
        try {
            String stat = Files.readString(STAT);
            // Fields after the command name (which may hold spaces) in parentheses: state is field 3, utime 14.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
