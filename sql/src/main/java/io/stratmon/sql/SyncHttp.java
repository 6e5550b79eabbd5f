package io.stratmon.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * A small synchronous HTTP/1.1 client for QuestDB's endpoints ({@code /exec}, {@code /write}): the request runs in
 * the calling thread on a kept-alive socket, with no selector thread and none of the JDK {@code HttpClient}'s ~250
 * classes (about a quarter of a second of an agent's start-up, and a thread hand-off per request at a trickle).
 * Thread-safe: each request takes an idle connection of its own, or opens one.
 * <p>
 * Timeouts: {@code connectTimeout} to open a connection; the request's {@code timeout} covers the whole exchange,
 * sending and the answer: reads wait at most until its deadline, and a body larger than the socket's buffers is
 * guarded by a timer that closes the socket at the deadline (the only case a write can block). A timeout is a
 * {@link HttpTimeoutException}, as with the JDK client. Nothing is ever retried here, except a {@code GET} whose
 * kept-alive connection broke before any byte of an answer came (sent again once on a new connection, as the JDK
 * client does); a {@code POST} that failed is the caller's to retry, or not. An idle connection is checked before
 * reuse once it has been idle a second (a server closes idle connections; a restarted one has forgotten them), so
 * that a {@code POST} does not go out on a connection known to be closed.
 * <p>
 * {@code https://} goes through the JDK's TLS (default trust store, host name checked); plain {@code http://} never
 * loads a TLS class.
 */
public final class SyncHttp implements AutoCloseable {
    /** An idle connection older than this is closed rather than reused (a server may have dropped it meanwhile). */
    static final long MAX_IDLE_NANOS = Duration.ofSeconds(20).toNanos();
    /** Bodies up to this size go out with their headers in one write, which never blocks on a fresh exchange. */
    static final int SMALL_BODY = 32 * 1024;
    /** A connection idle longer than this is checked (a 1 ms read) before reuse: a server closes idle ones. */
    static final long PROBE_AFTER_NANOS = Duration.ofSeconds(1).toNanos();
    private static final byte[] NO_BODY = new byte[0];

    private final String host;
    private final int port;
    private final boolean tls;
    private final String hostHeader;
    private final int connectTimeoutMs;
    private final long probeAfterNanos;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    /** An answer: its status and its whole body (de-chunked). */
    public record Response(int status, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private SyncHttp(URI base, Duration connectTimeout, long probeAfterNanos) {
        this.probeAfterNanos = probeAfterNanos;
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http:// or https:// URL: " + base);
        }
        if (base.getHost() == null) throw new IllegalArgumentException("no host in the URL: " + base);
        this.tls = scheme.equals("https");
        this.host = base.getHost();
        this.port = base.getPort() >= 0 ? base.getPort() : tls ? 443 : 80;
        this.hostHeader = base.getPort() >= 0 ? host + ":" + port : host;
        this.connectTimeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
    }

    /** A client for the server of {@code url} (its scheme, host and port; the path is the caller's). */
    public static SyncHttp forUrl(String url, Duration connectTimeout) {
        return forUrl(url, connectTimeout, PROBE_AFTER_NANOS);
    }

    /** @param probeAfterNanos idle connections older than this are checked before reuse (tests: 0, always) */
    static SyncHttp forUrl(String url, Duration connectTimeout, long probeAfterNanos) {
        return new SyncHttp(URI.create(url), connectTimeout, probeAfterNanos);
    }

    /**
     * Sends one request and reads its whole answer.
     *
     * @param target        the request target, e.g. {@code /exec?query=...} (already encoded)
     * @param authorization the {@code Authorization} header's value, or null
     * @param contentType   the body's type, or null without a body
     * @throws HttpTimeoutException the exchange did not finish in {@code timeout} (it may still be applied)
     * @throws IOException          the server could not be reached, or the connection broke
     */
    public Response send(String method, String target, String authorization, String contentType, byte[] body, int offset,
                         int length, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] head = head(method, target, authorization, contentType, body == null ? -1 : length);
        Connection c = takeIdle();
        if (c != null) {
            try {
                return exchange(c, head, body, offset, length, deadline, timeout);
            } catch (HttpTimeoutException e) {
                throw e;
            } catch (IOException e) {
                // A kept-alive connection the server had closed: only a GET, with nothing of its answer read, is
                // known not to have been acted on.
                if (!method.equals("GET") || c.answered) throw e;
            }
        }
        return exchange(open(deadline, timeout), head, body, offset, length, deadline, timeout);
    }

    /** As {@link #send} without a body. */
    public Response get(String target, String authorization, Duration timeout) throws IOException {
        return send("GET", target, authorization, null, null, 0, 0, timeout);
    }

    private byte[] head(String method, String target, String authorization, String contentType, int length) {
        StringBuilder h = new StringBuilder(160).append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ")
                .append(hostHeader).append("\r\nUser-Agent: stratmon\r\n");
        if (authorization != null) h.append("Authorization: ").append(authorization).append("\r\n");
        if (length >= 0) {
            if (contentType != null) h.append("Content-Type: ").append(contentType).append("\r\n");
            h.append("Content-Length: ").append(length).append("\r\n");
        }
        return h.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private Response exchange(Connection c, byte[] head, byte[] body, int offset, int length, long deadline, Duration timeout)
            throws IOException {
        boolean keep = false;
        try {
            c.write(head, body, offset, length, deadline, timeout);
            Response r = c.read(deadline, timeout);
            keep = c.reusable;
            return r;
        } finally {
            if (keep) giveBack(c);
            else c.close();
        }
    }

    private Connection takeIdle() {
        long now = System.nanoTime();
        while (true) {
            Connection c;
            synchronized (this) {
                c = idle.pollLast();
            }
            if (c == null) return null;
            long idleFor = now - c.idleSince;
            if (idleFor < MAX_IDLE_NANOS && (idleFor < probeAfterNanos || c.stillOpen())) return c;
            c.close();
        }
    }

    private void giveBack(Connection c) {
        c.idleSince = System.nanoTime();
        synchronized (this) {
            if (!closed) {
                idle.addLast(c);
                return;
            }
        }
        c.close();
    }

    private Connection open(long deadline, Duration timeout) throws IOException {
        // Direct, as the JDK HttpClient connects by default: no SOCKS from socksProxyHost, no proxy selector asked.
        Socket s = new Socket(java.net.Proxy.NO_PROXY);
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            if (tls) s = Tls.wrap(s, host, port, Connection.remainingMs(deadline, timeout));
            return new Connection(s);
        } catch (SocketTimeoutException e) {
            s.close();
            throw new HttpTimeoutException("could not connect to " + host + ":" + port + " in " + connectTimeoutMs + " ms");
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Closes the idle connections; requests still running close theirs when done. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        while (true) {
            Connection c;
            synchronized (this) {
                c = idle.pollLast();
            }
            if (c == null) return;
            c.close();
        }
    }

    /** Only referenced for https://, so that plain http:// never loads the JSSE classes. */
    private static final class Tls {
        static Socket wrap(Socket plain, String host, int port, int timeoutMs) throws IOException {
            javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ((javax.net.ssl.SSLSocketFactory)
                    javax.net.ssl.SSLSocketFactory.getDefault()).createSocket(plain, host, port, true);
            javax.net.ssl.SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
            s.setSSLParameters(p);
            s.setSoTimeout(timeoutMs);
            s.startHandshake();
            return s;
        }
    }

    /** One socket, with its read buffer. Used by one request at a time. */
    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buf = new byte[8192];
        private int pos;
        private int lim;
        long idleSince;
        /** A byte of the current answer has come (so the request was seen). */
        boolean answered;
        /** The answer was read whole and the server keeps the connection open. */
        boolean reusable;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static int remainingMs(long deadline, Duration timeout) throws HttpTimeoutException {
            long ms = (deadline - System.nanoTime()) / 1_000_000;
            if (ms <= 0) throw timedOut(timeout);
            return (int) Math.min(Integer.MAX_VALUE, ms);
        }

        private static HttpTimeoutException timedOut(Duration timeout) {
            return new HttpTimeoutException("request timed out after " + timeout.toMillis() + " ms");
        }

        void write(byte[] head, byte[] body, int offset, int length, long deadline, Duration timeout) throws IOException {
            answered = false;
            reusable = false;
            if (body == null || length <= SMALL_BODY) {
                byte[] all = head;
                if (body != null && length > 0) {
                    all = new byte[head.length + length];
                    System.arraycopy(head, 0, all, 0, head.length);
                    System.arraycopy(body, offset, all, head.length, length);
                }
                out.write(all);
                out.flush();
                return;
            }
            // A large body can fill the socket's buffers while the server is slow to read: only then can a write
            // block, and only a timer can end it.
            WriteGuard guard = WriteGuard.arm(socket, remainingMs(deadline, timeout));
            try {
                out.write(head);
                out.write(body, offset, length);
                out.flush();
            } catch (IOException e) {
                if (guard.fired()) throw timedOut(timeout);
                throw e;
            } finally {
                guard.disarm();
            }
        }

        Response read(long deadline, Duration timeout) throws IOException {
            int status;
            while (true) {
                String statusLine = line(deadline, timeout);
                // "HTTP/1.1 200 OK"
                if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                    throw new IOException("not an HTTP answer: " + abbreviate(statusLine));
                }
                status = parseStatus(statusLine);
                boolean http10 = statusLine.charAt(7) == '0';
                long contentLength = -1;
                boolean chunked = false;
                boolean close = http10;
                for (String h; !(h = line(deadline, timeout)).isEmpty(); ) {
                    int colon = h.indexOf(':');
                    if (colon <= 0) continue;
                    String name = h.substring(0, colon).trim();
                    String value = h.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("Content-Length")) {
                        try {
                            contentLength = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            throw new IOException("bad Content-Length: " + abbreviate(value));
                        }
                    } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    } else if (name.equalsIgnoreCase("Connection")) {
                        String v = value.toLowerCase(Locale.ROOT);
                        if (v.contains("close")) close = true;
                        else if (v.contains("keep-alive")) close = false;
                    }
                }
                if (status >= 100 && status < 200) continue; // 100 Continue and the like: the answer follows
                byte[] body;
                if (status == 204 || status == 304) {
                    body = NO_BODY;
                } else if (chunked) {
                    body = chunked(deadline, timeout);
                } else if (contentLength >= 0) {
                    body = exactly(contentLength, deadline, timeout);
                } else {
                    body = untilEnd(deadline, timeout);
                    close = true;
                }
                reusable = !close && pos == lim;
                return new Response(status, body);
            }
        }

        private static int parseStatus(String statusLine) throws IOException {
            int s = 0;
            for (int i = 9; i < 12; i++) {
                char ch = statusLine.charAt(i);
                if (ch < '0' || ch > '9') throw new IOException("not an HTTP status line: " + abbreviate(statusLine));
                s = s * 10 + (ch - '0');
            }
            return s;
        }

        private byte[] chunked(long deadline, Duration timeout) throws IOException {
            Bytes body = new Bytes(1024);
            while (true) {
                String sizeLine = line(deadline, timeout);
                int semi = sizeLine.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size: " + abbreviate(sizeLine));
                }
                if (size == 0) {
                    while (!line(deadline, timeout).isEmpty()) {
                        // trailers: none of them matter here
                    }
                    return body.toArray();
                }
                body.append(this, size, deadline, timeout);
                if (!line(deadline, timeout).isEmpty()) throw new IOException("a chunk did not end with CRLF");
            }
        }

        private byte[] exactly(long length, long deadline, Duration timeout) throws IOException {
            if (length > Integer.MAX_VALUE - 16) throw new IOException("answer too large: " + length + " bytes");
            Bytes body = new Bytes((int) length);
            body.append(this, length, deadline, timeout);
            return body.toArray();
        }

        private byte[] untilEnd(long deadline, Duration timeout) throws IOException {
            Bytes body = new Bytes(1024);
            do {
                body.take(this, lim - pos); // what came with the headers first
            } while (fill(deadline, timeout));
            return body.toArray();
        }

        /** One header line without its CRLF (a bare LF is accepted too). */
        private String line(long deadline, Duration timeout) throws IOException {
            StringBuilder s = null;
            while (true) {
                if (pos == lim && !fill(deadline, timeout)) throw new IOException("the connection closed mid-answer");
                int start = pos;
                while (pos < lim && buf[pos] != '\n') pos++;
                if (pos < lim) {
                    int end = pos++;
                    if (s == null) {
                        if (end > start && buf[end - 1] == '\r') end--;
                        return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
                    }
                    s.append(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
                    int n = s.length();
                    if (n > 0 && s.charAt(n - 1) == '\r') s.setLength(n - 1);
                    return s.toString();
                }
                if (s == null) s = new StringBuilder();
                s.append(new String(buf, start, lim - start, StandardCharsets.ISO_8859_1));
                if (s.length() > 64 * 1024) throw new IOException("a header line over 64 KiB");
            }
        }

        /** Reads more into the buffer (which must be used up); false at the end of the stream. */
        boolean fill(long deadline, Duration timeout) throws IOException {
            socket.setSoTimeout(remainingMs(deadline, timeout));
            int n;
            try {
                n = in.read(buf, 0, buf.length);
            } catch (SocketTimeoutException e) {
                throw timedOut(timeout);
            }
            pos = 0;
            lim = Math.max(n, 0);
            if (n > 0) answered = true;
            return n > 0;
        }

        /** False when the server closed the idle connection (or sent anything unasked). Waits at most 1 ms. */
        boolean stillOpen() {
            try {
                socket.setSoTimeout(1);
                in.read(); // an end of stream, or a byte nobody asked for: either way not for reuse
                return false;
            } catch (SocketTimeoutException e) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
        }
    }

    /**
     * Closes a socket whose large write is still running at the request's deadline. One daemon thread for the
     * process, started by the first large body (never by a start-up's small first batch).
     */
    private static final class WriteGuard {
        private static final java.util.concurrent.ScheduledThreadPoolExecutor TIMER = timer();
        private final java.util.concurrent.ScheduledFuture<?> task;
        private volatile boolean fired;

        private WriteGuard(Socket socket, int ms) {
            task = TIMER.schedule(() -> {
                fired = true;
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the write fails either way
                }
            }, ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        static WriteGuard arm(Socket socket, int ms) {
            return new WriteGuard(socket, ms);
        }

        boolean fired() {
            return fired;
        }

        void disarm() {
            task.cancel(false);
        }

        private static java.util.concurrent.ScheduledThreadPoolExecutor timer() {
            java.util.concurrent.ScheduledThreadPoolExecutor t = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
                Thread th = new Thread(r, "stratmon-http-write-timeout");
                th.setDaemon(true);
                return th;
            });
            t.setRemoveOnCancelPolicy(true);
            return t;
        }
    }

    /** A growing byte array for an answer's body. */
    private static final class Bytes {
        private byte[] a;
        private int n;

        Bytes(int capacity) {
            a = new byte[Math.max(capacity, 16)];
        }

        /** Appends exactly {@code count} bytes from the connection. */
        void append(Connection c, long count, long deadline, Duration timeout) throws IOException {
            long left = count;
            while (left > 0) {
                if (c.pos == c.lim && !c.fill(deadline, timeout)) throw new IOException("the connection closed mid-answer");
                int take = (int) Math.min(left, c.lim - c.pos);
                take(c, take);
                left -= take;
            }
        }

        void take(Connection c, int count) throws IOException {
            if (n + count > a.length) {
                if ((long) n + count > Integer.MAX_VALUE - 16) throw new IOException("answer too large");
                a = java.util.Arrays.copyOf(a, (int) Math.max(n + count, Math.min(Integer.MAX_VALUE - 16, 2L * a.length)));
            }
            System.arraycopy(c.buf, c.pos, a, n, count);
            c.pos += count;
            n += count;
        }

        byte[] toArray() {
            return n == a.length ? a : java.util.Arrays.copyOf(a, n);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "…";
    }
}
