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
 *     SqlClient sql = db.sqlClient();     // logged in: the credentials are generated on first start
 *     QuestDbCredentials login = db.credentials();
 * }
 * }</pre>
 *
 * Every listener asks for a login ({@link QuestDbCredentials}, kept in {@code <dataDir>/credentials}, mode 0600): a web
 * page the user opens can send requests to 127.0.0.1 but cannot know the password, and QuestDB's 401 carries no
 * {@code WWW-Authenticate} challenge, so the browser never caches a login it would replay for such a page. Session
 * cookies are off ({@code http.server.cookies.enabled=false}): with them, a page on another port of 127.0.0.1 could
 * ride on the web console's session.
 * <p>
 * QuestDB's own log goes to {@code <dataDir>/questdb.log}, errors only (for the first instance of the JVM: QuestDB
 * reads its log configuration once per process). Its workers sleep when idle; {@code <dataDir>/conf/server.conf} and
 * {@code conf/log.conf} override both ({@link QuestDbDefaults}).
 */
public final class EmbeddedQuestDb implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedQuestDb.class);

    /**
     * Where QuestDB listens and keeps its data. A port of 0 picks a free one; a negative port disables that listener.
     *
     * @param credentials require logins ({@link QuestDbCredentials}, kept in the data dir) on HTTP and PGWire. Off
     *                    only for tests that show what an unguarded QuestDB lets a web page do.
     */
    public record Options(Path dataDir, String host, int httpPort, int pgPort, int ilpTcpPort, boolean credentials) {
        public Options(Path dataDir, String host, int httpPort, int pgPort, int ilpTcpPort) {
            this(dataDir, host, httpPort, pgPort, ilpTcpPort, true);
        }

        /** 127.0.0.1, free ports for HTTP, PGWire and ILP/TCP, credentials required. */
        public static Options defaults(Path dataDir) {
            return new Options(dataDir, "127.0.0.1", 0, 0, 0, true);
        }

        public Options withHttpPort(int port) {
            return new Options(dataDir, host, port, pgPort, ilpTcpPort, credentials);
        }

        public Options withPgPort(int port) {
            return new Options(dataDir, host, httpPort, port, ilpTcpPort, credentials);
        }

        public Options withIlpTcpPort(int port) {
            return new Options(dataDir, host, httpPort, pgPort, port, credentials);
        }

        /** No logins at all: any local process, and any web page the user opens, can run SQL. For control tests only. */
        public Options withoutCredentials() {
            return new Options(dataDir, host, httpPort, pgPort, ilpTcpPort, false);
        }
    }

    private final Options options;
    private final ServerMain server;
    private final QuestDbCredentials credentials;

    private EmbeddedQuestDb(Options options, ServerMain server, QuestDbCredentials credentials) {
        this.options = options;
        this.server = server;
        this.credentials = credentials;
    }

    /** Starts QuestDB and waits until it accepts connections (typically 1–3 s). */
    public static EmbeddedQuestDb start(Options options) {
        return start(options, () -> freePort(options.host()));
    }

    /** As {@link #start(Options)}; {@code freePorts} picks the ILP/TCP port when the options say 0 (tests inject it). */
    static EmbeddedQuestDb start(Options options, java.util.function.IntSupplier freePorts) {
        Path root = options.dataDir().toAbsolutePath();
        // Before anything else touches the data dir, so a dir this call creates gets mode 0700.
        QuestDbCredentials credentials = options.credentials() ? QuestDbCredentials.loadOrCreate(root) : null;
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
                return startOnce(root, chosen, credentials);
            } catch (RuntimeException e) {
                if (attempt >= attempts || !isBindFailure(e)) throw e;
                log.info("ILP/TCP port was taken before QuestDB could bind it, trying another [port={}, attempt={}]",
                        chosen.ilpTcpPort(), attempt);
            }
        }
    }

    private static EmbeddedQuestDb startOnce(Path root, Options options, QuestDbCredentials credentials) {
        Map<String, String> env = new HashMap<>();
        applyCredentials(env, credentials);
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
        // Workers that sleep when idle, unless the user's conf/server.conf or environment says otherwise.
        env.putAll(QuestDbDefaults.workerEnv(root, System.getenv()));
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
        EmbeddedQuestDb db = new EmbeddedQuestDb(options, server, credentials);
        log.info("QuestDB started [dataDir={}, http={}, pg={}, ilpTcp={}]", root, db.httpPort(), db.pgPort(), db.ilpTcpPort());
        return db;
    }

    /**
     * HTTP Basic on every HTTP endpoint that reads or writes data ({@code /exec}, {@code /exp}, {@code /imp}, ILP
     * {@code /write}); the web console then asks for the login itself. PGWire: the same admin, and a read-only user.
     * Without credentials the keys are set to QuestDB's defaults explicitly, so a stray {@code QDB_HTTP_USER} in the
     * environment cannot half-apply.
     */
    private static void applyCredentials(Map<String, String> env, QuestDbCredentials c) {
        // After a login QuestDB hands out a session cookie (qdb_session, SameSite=Strict). Strict still goes with
        // requests from any other port of 127.0.0.1 (the same site), so a page there could ride on the console's
        // session with a plain <img>. Without cookies the console sends the login itself on every request.
        env.put("QDB_HTTP_SERVER_COOKIES_ENABLED", "false");
        env.put("QDB_HTTP_USER", c == null ? "" : c.user());
        env.put("QDB_HTTP_PASSWORD", c == null ? "" : c.password());
        env.put("QDB_PG_USER", c == null ? "admin" : c.user());
        env.put("QDB_PG_PASSWORD", c == null ? "quest" : c.password());
        env.put("QDB_PG_READONLY_USER_ENABLED", String.valueOf(c != null));
        if (c != null) {
            env.put("QDB_PG_READONLY_USER", c.readOnlyUser());
            env.put("QDB_PG_READONLY_PASSWORD", c.readOnlyPassword());
        }
    }

    /** QuestDB's "could not bind socket" for the ILP/TCP listener, anywhere in the cause chain. */
    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("could not bind socket") && m.contains("tcp-line-server")) return true;
        }
        return false;
    }

    /**
     * QuestDB reads its log config once per JVM, from the system property {@code out}, before its first class loads:
     * the user's {@code <dataDir>/conf/log.conf} if there is one, else errors, criticals and advisories to
     * {@code <dataDir>/questdb.log} ({@link QuestDbDefaults}).
     */
    private static synchronized void routeQuestDbLogToFile(Path root) throws IOException {
        if (System.getProperty("out") != null) {
            return;
        }
        Path user = QuestDbDefaults.userLogConf(root);
        if (user != null) {
            System.setProperty("out", user.toString());
            return;
        }
        Path conf = root.resolve("log-questdb.conf");
        Files.writeString(conf, QuestDbDefaults.logConf(root.resolve("questdb.log"), QuestDbDefaults.LOG_LEVELS));
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

    /** The logins QuestDB requires, or null when it was started {@link Options#withoutCredentials() without}. */
    public QuestDbCredentials credentials() {
        return credentials;
    }

    /** Where the credentials are kept ({@code <dataDir>/credentials}), or null without credentials. */
    public Path credentialsFile() {
        return credentials == null ? null : QuestDbCredentials.file(options.dataDir().toAbsolutePath());
    }

    /** A SQL client for this QuestDB, logged in as the admin user. */
    public io.stratmon.sql.SqlClient sqlClient() {
        return credentials == null ? io.stratmon.sql.SqlClient.connect(httpUrl())
                : io.stratmon.sql.SqlClient.connect(httpUrl(), credentials.user(), credentials.password());
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
