package io.stratmon.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A class-data-sharing archive (AppCDS) of the fat jar for the child JVMs tests start, as the {@code ./stratmon}
 * launcher keeps one per command for its users: the classes of QuestDB, Javalin and stratmon parsed and verified once,
 * mapped on every later start. A child {@code demo} printed its banner after 9.9 s and 15.0 s of CPU without it,
 * 5.0 s and 8.0 s with it (2 cores, C1, 2026-12-01).
 * <p>
 * The first test JVM that asks records it: one {@code demo} on a temp data dir, stopped with SIGTERM once its banner is
 * out (the JVM writes the archive as it exits), under a file lock so that forks running side by side record it once.
 * It is named after the jar's size and time ({@code target/test-cds/stratmon.jar-<size>-<mtime>.jsa}): the JVM refuses
 * an archive of another jar, and a rebuilt jar gets a new one. If recording fails, children start without it.
 * {@code -Dstratmon.test.child-cds=off} turns it off.
 */
final class ChildCds {
    private static final Map<Path, Path> ARCHIVES = new HashMap<>();

    private ChildCds() {}

    /** The JVM options that map the archive of {@code jar}, recording it first if needed; none for another jar. */
    static synchronized List<String> options(Path given) {
        Path jar = given.toAbsolutePath();
        if ("off".equals(System.getProperty("stratmon.test.child-cds")) || !jar.getFileName().toString().equals("stratmon.jar")
                || !Files.isRegularFile(jar)) {
            return List.of();
        }
        Path archive = ARCHIVES.computeIfAbsent(jar, ChildCds::archive);
        if (!Files.isRegularFile(archive)) return List.of();
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    private static Path archive(Path jar) {
        try {
            Path dir = Files.createDirectories(jar.getParent().resolve("test-cds"));
            Path archive = dir.resolve(jar.getFileName() + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis() + ".jsa");
            try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (!Files.isRegularFile(archive)) {
                    try (Stream<Path> old = Files.list(dir)) { // archives of earlier builds of the jar
                        old.filter(f -> f.getFileName().toString().startsWith(jar.getFileName() + "-")).forEach(f -> f.toFile().delete());
                    }
                    record(jar, archive);
                }
            }
            return archive;
        } catch (IOException | RuntimeException e) {
            System.err.println("ChildCds: child JVMs start without a CDS archive: " + e);
            return jar.resolveSibling("test-cds").resolve("none.jsa");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return jar.resolveSibling("test-cds").resolve("none.jsa");
        }
    }

    private static void record(Path jar, Path archive) throws IOException, InterruptedException {
        Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp");
        Path data = Files.createTempDirectory("stratmon-cds-");
        List<String> command = new ArrayList<>();
        command.add(ChildJvm.java());
        command.addAll(ChildJvm.options());
        command.addAll(List.of("-XX:ArchiveClassesAtExit=" + tmp, "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-jar", jar.toString(),
                "demo", "--data-dir", data.toString(), "--port", "0", "--questdb-port", "0"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) lines.add(line);
            } catch (IOException ended) {
                // the process is gone
            }
        }, "child-cds-output");
        reader.setDaemon(true);
        reader.start();
        try {
            boolean ready = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!ready && p.isAlive() && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                ready = line != null && line.contains("Press Ctrl-C to stop.");
            }
            p.toHandle().destroy(); // SIGTERM: the demo stops, and the JVM writes the archive as it exits
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            if (ready && ended && p.exitValue() == 0 && Files.isRegularFile(tmp) && Files.size(tmp) > 0) {
                Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                System.err.println("ChildCds: no CDS archive recorded [ready=" + ready + ", ended=" + ended + "]; children start without one");
            }
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(tmp);
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
