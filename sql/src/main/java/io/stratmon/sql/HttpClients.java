package io.stratmon.sql;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * The JDK HTTP clients every QuestDB client of the process shares (the SQL client and the ILP sink): HTTP/1.1 only
 * (QuestDB does not speak HTTP/2, and the upgrade attempt would cost a round trip), 5 s to connect. One per process:
 * each holds a selector thread and file descriptors until garbage collection (no close() before Java 21).
 * <p>
 * {@code http://} URLs get a client that never sets up TLS: a default JDK client loads the trust store and the TLS
 * stack when it is built, a good part of an agent's start-up, for a connection that is plain text. Its TLS context
 * trusts nothing, so it could not be used for {@code https://} even by mistake; {@code https://} URLs get a default
 * client, built on first use.
 */
public final class HttpClients {
    private HttpClients() {}

    /** The shared client for a URL: plain for {@code http://}, the JDK's default TLS for anything else. */
    public static HttpClient forUrl(String url) {
        return url.regionMatches(true, 0, "http://", 0, 7) ? Plain.CLIENT : Tls.CLIENT;
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
    }

    private static final class Plain {
        static final HttpClient CLIENT = builder().sslContext(trustingNothing()).sslParameters(new SSLParameters()).build();

        private static SSLContext trustingNothing() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[0], null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot create a TLS context", e);
            }
        }
    }

    private static final class Tls {
        static final HttpClient CLIENT = builder().build();
    }
}
