package io.stratmon.shipper;

import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 10,000 files under {@code ulimit -n 1024}, in a real shipper process: every line ships, the process never holds
 * more than the open-files cap (256) of them; idle, it costs under 2 % of a core (issue 8's goal; CPU time over 10 s,
 * every thread but the JIT's compilers, which may still be compiling on a loaded machine: under 6 % with them;
 * {@code -Dstratmon.measure.seconds=30} measures longer).
 * {@code -Dstratmon.shipper.jvm='-XX:StartFlightRecording=...'} passes options to the shipper's JVM (a profile).
 */
class ManyFilesIT {
    static final Duration IDLE_WINDOW = Duration.ofSeconds(Integer.getInteger("stratmon.measure.seconds", 10));

    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    @Test
    void ten_thousand_files_ship_under_ulimit_1024_and_cost_little_when_idle() throws Exception {
        int files = 10_000;
        for (int f = 0; f < files; f++) {
            Path file = dir.resolve("logs/d" + (f % 10) + "/f" + f + ".jsonl");
            if (f < 10) Files.createDirectories(file.getParent());
            Files.writeString(file, LogWriter.line("many_files", f));
        }
        try (ShipperProcess shipper = ShipperProcess.start(dir, "ulimit -n 1024 && ", shipperJvm(),
                dir.resolve("logs/**/*.jsonl").toString(), questdb.httpUrl(), dir.resolve("state").toString(),
                questdb.username(), questdb.password())) {
            long pid = shipper.pid();
            // bash sets the limit, then execs java in the same process: wait for the ulimit, not a fixed time.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                    assertThat(Files.readString(Path.of("/proc/" + pid + "/limits"))).containsPattern("Max open files\\s+1024"));
            int[] maxFds = {0};
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).ignoreException(io.stratmon.sql.SqlException.class).until(() -> {
                maxFds[0] = Math.max(maxFds[0], openFds(pid));
                assertThat(shipper.isAlive()).as(shipper.output()).isTrue();
                return questdb.count("many_files") == files;
            });
            questdb.awaitWalApplied("many_files");
            assertThat(questdb.count("many_files")).isEqualTo(files);
            assertThat(maxFds[0]).as("file descriptors held at most").isLessThan(1024 - 300);
            // Idle: nothing written any more. CPU time of the process (utime + stime from /proc) over the window.
            IdleAndTrickleIT.settle(shipper, 2, 1, 20); // the last batch, its checkpoint, the first safety scans and the JIT: two quiet seconds
            double share = shipper.cpuShare(IDLE_WINDOW);
            System.out.printf("ManyFilesIT: idle CPU with %d files: %.2f %% of a core over %d s (load average %s), at most %d descriptors open%n%s",
                    files, share * 100, IDLE_WINDOW.toSeconds(), IdleAndTrickleIT.loadAverage(), maxFds[0], shipper.lastWindowByThread());
            // Measured 0.5-0.73 % of a core at load 13-28 (was 2.4 % at load 11, 4.6 % in CI): a safety scan stats the
            // 11 directories, not the 10,000 files, and an idle second looks at no file. The JIT's compilations are
            // one-off but may land in the window on a loaded machine (C2: 0.27-0.3 %): the bound without them is the goal.
            double jit = shipper.lastWindowJitShare();
            assertThat(share - jit).as("share of a core, idle, %d files, without the JIT; by thread:%n%s", files, shipper.lastWindowByThread()).isLessThan(0.02);
            assertThat(share).as("share of a core, idle, %d files, JIT included; by thread:%n%s", files, shipper.lastWindowByThread()).isLessThan(0.06);
        }
    }

    /** {@code -Dstratmon.shipper.jvm='-XX:StartFlightRecording=... -XX:+PrintCompilation'}: options for the shipper's JVM. */
    static List<String> shipperJvm() {
        String jvm = System.getProperty("stratmon.shipper.jvm", "");
        return jvm.isBlank() ? List.of() : List.of(jvm.trim().split("\\s+"));
    }

    static int openFds(long pid) {
        File[] fds = new File("/proc/" + pid + "/fd").listFiles();
        return fds == null ? 0 : fds.length;
    }
}
