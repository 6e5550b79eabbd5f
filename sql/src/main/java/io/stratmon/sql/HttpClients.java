package io.stratmon.sql;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.net.http.HttpClient;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * The JDK HTTP clients every QuestDB client of the process shares (the SQL client and the ILP sink): HTTP/1.1 only
 * (QuestDB does not speak HTTP/2, and the upgrade attempt would cost a round trip), 5 s to connect. One per process:
 * each holds a selector thread and file descriptors until garbage collection (no close() before Java 21).
 * <p>
 * {@code http://} URLs get a client that never sets up TLS: a default JDK client loads the trust store and the TLS
 * stack when it is built, a good part of an agent's start-up, for a connection that is plain text. Its TLS context
 * is no TLS at all (every use throws), so it could not be used for {@code https://} even by mistake;
 * {@code https://} URLs get a default client, built on first use.
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
        static final HttpClient CLIENT = builder().sslContext(NoTls.CONTEXT).sslParameters(new SSLParameters()).build();
    }

    /**
     * The TLS context of the plain client: not the JDK's TLS at all. {@code HttpClient.Builder} wants one, and even a
     * context that trusts nothing loads the JSSE provider and its cipher suites (about a tenth of a second of an
     * agent's start); this one is a shell whose every use throws, so an {@code https://} request through the plain
     * client fails loudly instead of going out unchecked.
     */
    private static final class NoTls extends SSLContextSpi {
        static final SSLContext CONTEXT = new SSLContext(new NoTls(), new Provider("stratmon-no-tls", "1",
                "no TLS: the client for plain http:// URLs") {}, "none") {};

        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("this HTTP client is for plain http:// URLs; https:// ones get "
                    + "HttpClients.forUrl(\"https://...\")");
        }

        @Override
        protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) {
            throw refused();
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }
    }

    private static final class Tls {
        static final HttpClient CLIENT = builder().build();
    }
}
