package io.stratmon.app;

import io.stratmon.sql.HttpClients;
import io.stratmon.sql.SyncHttp;
import io.stratmon.store.EmbeddedQuestDb;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU per request of the two transports the QuestDB clients could use, against an embedded QuestDB in this JVM: the
 * JDK {@code HttpClient} (what {@code SqlClient} and {@code HttpIlpSink} used) and {@link SyncHttp} (what they use
 * now). One-line ILP {@code POST /write} and {@code GET /exec?query=SELECT 1}, one request at a time as the shipper
 * sends at a trickle, rounds of each in turn. CPU counted is every Java thread's but QuestDB's (so the JDK client's
 * selector thread is in). Not a test:
 * <pre>
 * java -cp "app/target/test-classes:app/target/classes:$(cat app/target/test-classpath.txt)" \
 *     io.stratmon.app.HttpTransportBenchmark [requests per round, default 2000] [rounds, default 4]
 * </pre>
 */
public final class HttpTransportBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path dir = Files.createTempDirectory("stratmon-http-bench-");
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(dir).withoutCredentials())) {
            String url = db.httpUrl();
            var jdk = HttpClients.forUrl(url);
            SyncHttp sync = SyncHttp.forUrl(url, Duration.ofSeconds(5));
            byte[] line = "http_bench,k=a v=1i\n".getBytes(StandardCharsets.UTF_8);
            String exec = "/exec?query=" + URLEncoder.encode("SELECT 1", StandardCharsets.UTF_8);
            Duration timeout = Duration.ofSeconds(10);
            Request jdkPost = () -> check(jdk.send(HttpRequest.newBuilder(URI.create(url + "/write")).timeout(timeout)
                    .header("Content-Type", "text/plain; charset=utf-8").POST(HttpRequest.BodyPublishers.ofByteArray(line))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            Request syncPost = () -> check(sync.send("POST", "/write", null, "text/plain; charset=utf-8", line, 0, line.length,
                    timeout).status());
            Request jdkGet = () -> check(jdk.send(HttpRequest.newBuilder(URI.create(url + exec)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()).statusCode());
            Request syncGet = () -> check(sync.get(exec, null, timeout).status());
            System.out.printf("HTTP transport, CPU per request (all threads but QuestDB's), %d requests per round, load %s%n",
                    n, load());
            for (int r = 0; r <= rounds; r++) {
                String tag = r == 0 ? "warm-up" : "round " + r;
                System.out.printf("%-8s POST /write  jdk %s   sync %s%n", tag, measure(jdkPost, n), measure(syncPost, n));
                System.out.printf("%-8s GET /exec    jdk %s   sync %s%n", tag, measure(jdkGet, n), measure(syncGet, n));
            }
            System.out.printf("load %s%n", load());
            sync.close();
        }
    }

    interface Request {
        void run() throws Exception;
    }

    private static void check(int status) {
        if (status / 100 != 2) throw new IllegalStateException("HTTP " + status);
    }

    private static String measure(Request request, int n) throws Exception {
        long cpu0 = clientCpuNanos();
        long wall0 = System.nanoTime();
        for (int i = 0; i < n; i++) request.run();
        long wall = System.nanoTime() - wall0;
        long cpu = clientCpuNanos() - cpu0;
        return String.format("%6.1f µs CPU, %6.1f µs wall", cpu / 1000.0 / n, wall / 1000.0 / n);
    }

    /** CPU of every live Java thread but QuestDB's. */
    private static long clientCpuNanos() {
        long sum = 0;
        for (ThreadInfo t : THREADS.dumpAllThreads(false, false)) {
            String name = t.getThreadName();
            if (name.startsWith("questdb") || name.contains("QuestDB")) continue;
            long c = THREADS.getThreadCpuTime(t.getThreadId());
            if (c > 0) sum += c;
        }
        return sum;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).substring(0, 14).trim();
        } catch (Exception e) {
            return "?";
        }
    }
}
