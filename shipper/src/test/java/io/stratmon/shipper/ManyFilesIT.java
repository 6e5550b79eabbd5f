package io.stratmon.shipper;

import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 10,000 files under {@code ulimit -n 1024}, in a real shipper process: every line ships, the process never holds
 * more than the open-files cap (256) of them; its idle CPU is measured and printed.
 */
class ManyFilesIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    @Test
    void ten_thousand_files_ship_under_ulimit_1024() throws Exception {
        int files = 10_000;
        for (int f = 0; f < files; f++) {
            Path file = dir.resolve("logs/d" + (f % 10) + "/f" + f + ".jsonl");
            if (f < 10) Files.createDirectories(file.getParent());
            Files.writeString(file, LogWriter.line("many_files", f));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "ulimit -n 1024 && exec " + java + " -Xmx256m -cp '" + System.getProperty("java.class.path") + "' "
                + ShipperMain.class.getName() + " '" + dir.resolve("logs/**/*.jsonl") + "' " + questdb.httpUrl() + " '"
                + dir.resolve("state") + "' " + questdb.username() + " " + questdb.password();
        Process shipper = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("shipper.out").toFile()).start();
        try {
            long pid = shipper.pid();
            assertThat(Files.readString(Path.of("/proc/" + pid + "/limits"))).containsPattern("Max open files\\s+1024");
            int[] maxFds = {0};
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).ignoreException(io.stratmon.sql.SqlException.class).until(() -> {
                maxFds[0] = Math.max(maxFds[0], openFds(pid));
                assertThat(shipper.isAlive()).as(Files.readString(dir.resolve("shipper.out"))).isTrue();
                return questdb.count("many_files") == files;
            });
            questdb.awaitWalApplied("many_files");
            assertThat(questdb.count("many_files")).isEqualTo(files);
            assertThat(maxFds[0]).as("file descriptors held at most").isLessThan(1024 - 300);
            // Idle: nothing written any more. CPU time over 10 s, from /proc/PID/stat (utime + stime, in clock ticks).
            Thread.sleep(2_000); // let the last batch settle: part of the measurement's setup, not a wait for a condition
            long before = cpuTicks(pid);
            long t0 = System.nanoTime();
            Thread.sleep(10_000); // the measurement window itself
            double seconds = (System.nanoTime() - t0) / 1e9;
            double share = (cpuTicks(pid) - before) / 100.0 / seconds;
            System.out.printf("ManyFilesIT: idle CPU with %d files: %.2f %% of a core, at most %d descriptors open%n",
                    files, share * 100, maxFds[0]);
            // Measured, not asserted yet: see idle_cpu_with_10000_files_is_under_2_percent_of_a_core.
        } finally {
            shipper.destroy();
            shipper.waitFor();
        }
    }

    @Test
    @org.junit.jupiter.api.Disabled("[to be fixed] idle CPU with 10,000 idle files measured at 44 % of a core (2026-12-01):"
            + " every scan (500 ms) stats every file and fingerprints every open one; needs scans that slow down when"
            + " nothing changes, or inotify")
    void idle_cpu_with_10000_files_is_under_2_percent_of_a_core() {
    }

    static int openFds(long pid) {
        File[] fds = new File("/proc/" + pid + "/fd").listFiles();
        return fds == null ? 0 : fds.length;
    }

    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
    }

}
