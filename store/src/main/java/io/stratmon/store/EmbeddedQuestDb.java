package io.stratmon.store;

import io.questdb.ServerMain;
import io.questdb.network.NetworkError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * QuestDB running inside this JVM, on a data directory, with every listener on 127.0.0.1 by default.
 * Port 0 means "pick a free port"; ask {@link #httpPort()} and friends for the real ones after {@link #start()}.
 *
 * <pre>{@code
 * try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(Path.of("data")))) {
 *     String url = db.httpUrl();          // ILP over HTTP and SQL (/exec) both live here
 *     SqlClient sql = SqlClient.connect(url);
 * }
 * }</pre>
 *
 * QuestDB's own log goes to {@code <dataDir>/questdb.log} (for the first instance of the JVM: QuestDB reads its log
 * configuration once per process).
 */
public final class EmbeddedQuestDb implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedQuestDb.class);

    /** Where QuestDB listens and keeps its data. A port of 0 picks a free one; a negative port disables that listener. */
    public record Options(Path dataDir, String host, int httpPort, int pgPort, int ilpTcpPort) {
        /** 127.0.0.1, free ports for HTTP, PGWire and ILP/TCP. */
        public static Options defaults(Path dataDir) {
            return new Options(dataDir, "127.0.0.1", 0, 0, 0);
        }

        public Options withHttpPort(int port) {
            return new Options(dataDir, host, port, pgPort, ilpTcpPort);
        }

        public Options withPgPort(int port) {
            return new Options(dataDir, host, httpPort, port, ilpTcpPort);
        }

        public Options withIlpTcpPort(int port) {
            return new Options(dataDir, host, httpPort, pgPort, port);
        }
    }

    private final Options options;
    private final ServerMain server;

    private EmbeddedQuestDb(Options options, ServerMain server) {
        this.options = options;
        this.server = server;
    }

    /** Starts QuestDB and waits until it accepts connections (typically 1–3 s). */
    public static EmbeddedQuestDb start(Options options) {
        return start(options, () -> freePort(options.host()));
    }

    /** As {@link #start(Options)}; {@code freePorts} picks the ILP/TCP port when the options say 0 (tests inject it). */
    static EmbeddedQuestDb start(Options options, java.util.function.IntSupplier freePorts) {
        Path root = options.dataDir().toAbsolutePath();
        try {
            Files.createDirectories(root);
            routeQuestDbLogToFile(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare QuestDB data dir [path=" + root + "]", e);
        }
        // QuestDB has no getter for the ILP/TCP port, so a "free port" is picked here. Another process may take it
        // before QuestDB binds it: then another free port is tried.
        int attempts = options.ilpTcpPort() == 0 ? 5 : 1;
        for (int attempt = 1; ; attempt++) {
            Options chosen = options.ilpTcpPort() == 0 ? options.withIlpTcpPort(freePorts.getAsInt()) : options;
            try {
                return startOnce(root, chosen);
            } catch (RuntimeException e) {
                if (attempt >= attempts || !isBindFailure(e)) throw e;
                log.info("ILP/TCP port was taken before QuestDB could bind it, trying another [port={}, attempt={}]",
                        chosen.ilpTcpPort(), attempt);
            }
        }
    }

    private static EmbeddedQuestDb startOnce(Path root, Options options) {
        Map<String, String> env = new HashMap<>();
        env.put("QDB_HTTP_ENABLED", "true");
        env.put("QDB_HTTP_NET_BIND_TO", options.host() + ":" + Math.max(0, options.httpPort()));
        env.put("QDB_LINE_HTTP_ENABLED", "true");
        // The "min" health server has no port getter, so it would need a fixed port; we don't need it.
        env.put("QDB_HTTP_MIN_ENABLED", "false");
        env.put("QDB_PG_ENABLED", String.valueOf(options.pgPort() >= 0));
        env.put("QDB_PG_NET_BIND_TO", options.host() + ":" + Math.max(0, options.pgPort()));
        env.put("QDB_LINE_TCP_ENABLED", String.valueOf(options.ilpTcpPort() >= 0));
        env.put("QDB_LINE_TCP_NET_BIND_TO", options.host() + ":" + Math.max(0, options.ilpTcpPort()));
        env.put("QDB_LINE_UDP_ENABLED", "false");
        env.put("QDB_TELEMETRY_ENABLED", "false");
        env.put("QDB_TELEMETRY_DISABLE_COMPLETELY", "true");
        // ServerMain merges this map with the real environment: say so if stray QDB_* variables may change us.
        System.getenv().keySet().stream().filter(k -> k.startsWith("QDB_") && !env.containsKey(k))
                .forEach(k -> log.warn("Environment variable applies to embedded QuestDB [name={}]", k));
        ServerMain server = null;
        try {
            try (ConsoleFilter ignored = ConsoleFilter.install()) {
                server = ServerMain.create(root.toString(), env);
            }
            server.start();
            server.awaitStartup();
        } catch (RuntimeException | NetworkError e) {
            // NetworkError (a port that cannot be bound) is an Error in QuestDB, not an exception.
            if (server != null) {
                try (ConsoleFilter ignored = ConsoleFilter.install()) {
                    server.close();
                }
            }
            throw new IllegalStateException("QuestDB failed to start [dataDir=" + root + ", host=" + options.host()
                    + ", httpPort=" + options.httpPort() + ", pgPort=" + options.pgPort()
                    + ", ilpTcpPort=" + options.ilpTcpPort() + "]: " + e.getMessage(), e);
        }
        EmbeddedQuestDb db = new EmbeddedQuestDb(options, server);
        log.info("QuestDB started [dataDir={}, http={}, pg={}, ilpTcp={}]", root, db.httpPort(), db.pgPort(), db.ilpTcpPort());
        return db;
    }

    /** QuestDB's "could not bind socket" for the ILP/TCP listener, anywhere in the cause chain. */
    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("could not bind socket") && m.contains("tcp-line-server")) return true;
        }
        return false;
    }

    /** QuestDB reads its log config once per JVM, from the system property {@code out}, before its first class loads. */
    private static synchronized void routeQuestDbLogToFile(Path root) throws IOException {
        if (System.getProperty("out") != null) {
            return;
        }
        Path conf = root.resolve("log-questdb.conf");
        Files.writeString(conf, "writers=file\n"
                + "w.file.class=io.questdb.log.LogFileWriter\n"
                + "w.file.location=" + root.resolve("questdb.log") + "\n"
                + "w.file.level=INFO,ERROR,CRITICAL,ADVISORY\n");
        System.setProperty("out", conf.toString());
    }

    public Options options() {
        return options;
    }

    public String host() {
        return options.host();
    }

    public int httpPort() {
        return server.getHttpServerPort();
    }

    /** PGWire port, or -1 when PGWire is disabled. */
    public int pgPort() {
        return options.pgPort() < 0 ? -1 : server.getPgWireServerPort();
    }

    /** ILP over TCP port, or -1 when disabled. */
    public int ilpTcpPort() {
        return options.ilpTcpPort() < 0 ? -1 : options.ilpTcpPort();
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port [host=" + host + "]", e);
        }
    }

    /** Base URL of the HTTP server: web console, {@code /exec} SQL and ILP over HTTP. */
    public String httpUrl() {
        return "http://" + options.host() + ":" + httpPort();
    }

    /** The web console URL (the root path answers with a redirect some clients hang on). */
    public String consoleUrl() {
        return httpUrl() + "/index.html";
    }

    public Path dataDir() {
        return options.dataDir();
    }

    @Override
    public void close() {
        try (ConsoleFilter ignored = ConsoleFilter.install()) {
            server.close();
        }
        log.info("QuestDB stopped [dataDir={}]", options.dataDir().toAbsolutePath());
    }
}
