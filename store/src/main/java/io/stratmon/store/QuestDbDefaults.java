package io.stratmon.store;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What stratmon sets in the embedded QuestDB beyond its listeners and logins, and how the user's own QuestDB files
 * win over it.
 * <p>
 * <b>Workers that sleep when idle.</b> QuestDB's worker loops run their jobs, and after a round with nothing to do
 * spin (10 rounds), yield (up to 7,000 rounds), nap (up to 10,000) and only then sleep 10 ms. Every request, query or
 * WAL commit starts the count again, so under a trickle (a shipper's requests, a dashboard's queries) its network,
 * write and WAL-apply workers hardly ever sleep: measured with {@code bench --live 2000} (2 cores, 2026-12-01) its
 * workers took 144 % of a core while shipping and 166 % with only the bench's 10 ms poller. Here every pool sleeps
 * after 100 idle rounds, 5 ms at a time ({@link #WORKERS}): 36.5 % and 14.6 %, with the same freshness (p50 11.7 ms,
 * p99 23.8 ms; it was 11.9 / 32.4 ms). A request that arrives while a worker sleeps waits at most 5 ms for it. The
 * view compiler and export pools, which stratmon never gives work ({@link #UNUSED_POOLS}), sleep 50 ms at a time: an
 * idle embedded QuestDB took 11.4 / 10.0 % of a core with them at 5 ms, 9.0 / 8.4 % at 50 ms (2 cores, 2026-12-02).
 * <p>
 * <b>Errors only in {@code questdb.log}.</b> QuestDB logs at INFO every query, commit and WAL apply (~50 KB/s for a
 * demo: gigabytes a day), and its logging thread spins like a worker after every record (a third of a core at 40
 * requests/s). stratmon keeps {@code E}, {@code C} and {@code A} (errors, criticals, advisories: start-up, ports).
 * <p>
 * <b>The user's files win.</b> A key in {@code <dataDir>/conf/server.conf} (QuestDB's own file, read by it as usual)
 * or a {@code QDB_*} environment variable replaces stratmon's default for that key; a {@code <dataDir>/conf/log.conf}
 * replaces the log configuration (e.g. {@code w.file.level=INFO,ERROR,CRITICAL,ADVISORY} to see every query).
 */
public final class QuestDbDefaults {
    /** Pools stratmon never gives work (QuestDB's views, {@code COPY}/export): they sleep 50 ms at a time. */
    static final java.util.Set<String> UNUSED_POOLS = java.util.Set.of("view.compiler", "export");

    /**
     * {@code server.conf} keys stratmon sets: every worker pool sleeps after 100 idle rounds, 5 ms at a time (50 ms for
     * the {@link #UNUSED_POOLS}).
     */
    public static final Map<String, String> WORKERS = workers();

    /** QuestDB's log levels stratmon keeps when the user wrote no {@code conf/log.conf}. */
    public static final String LOG_LEVELS = "ERROR,CRITICAL,ADVISORY";

    private QuestDbDefaults() {
    }

    private static Map<String, String> workers() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String pool : new String[] {"shared", "wal.apply", "mat.view.refresh", "view.compiler", "export"}) {
            keys.put(pool + ".worker.yield.threshold", "10");
            keys.put(pool + ".worker.nap.threshold", "20");
            keys.put(pool + ".worker.sleep.threshold", "100");
            keys.put(pool + ".worker.sleep.timeout", UNUSED_POOLS.contains(pool) ? "50" : "5");
        }
        return java.util.Collections.unmodifiableMap(keys); // in order: what ManyHostsIT writes into a server.conf
    }

    /** The {@code QDB_*} variable QuestDB reads for a {@code server.conf} key. */
    static String envName(String key) {
        return "QDB_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }

    /**
     * The defaults as QuestDB environment entries, leaving out every key the user set in
     * {@code <root>/conf/server.conf} or in the real environment ({@code realEnv}).
     */
    static Map<String, String> workerEnv(Path root, Map<String, String> realEnv) {
        Properties userConf = serverConf(root);
        Map<String, String> env = new LinkedHashMap<>();
        WORKERS.forEach((key, value) -> {
            if (!userConf.containsKey(key) && !realEnv.containsKey(envName(key))) env.put(envName(key), value);
        });
        return env;
    }

    private static Properties serverConf(Path root) {
        Properties p = new Properties();
        Path file = root.resolve("conf").resolve("server.conf");
        if (!Files.isRegularFile(file)) return p;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read QuestDB's server.conf [path=" + file + "]", e);
        } catch (IllegalArgumentException e) { // a malformed \\uXXXX escape: QuestDB could not read it either
            throw new IllegalStateException("QuestDB's server.conf is not a valid properties file [path=" + file + "]: "
                    + e.getMessage() + " Fix the line or remove the file.");
        }
        return p;
    }

    /** The user's {@code <root>/conf/log.conf} when there is one, else null. */
    static Path userLogConf(Path root) {
        Path file = root.resolve("conf").resolve("log.conf");
        return Files.isRegularFile(file) ? file : null;
    }

    /** stratmon's log configuration: a file writer to {@code logFile}, errors, criticals and advisories only. */
    public static String logConf(Path logFile, String levels) {
        return "writers=file\n"
                + "w.file.class=io.questdb.log.LogFileWriter\n"
                + "w.file.location=" + logFile + "\n"
                + "w.file.level=" + levels + "\n";
    }
}
