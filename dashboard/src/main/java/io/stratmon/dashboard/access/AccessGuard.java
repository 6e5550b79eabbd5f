package io.stratmon.dashboard.access;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard's front door, one before-handler for every route, in this order:
 * <ol>
 *   <li><b>Host</b>: only loopback names, the address listened on, {@code allowed_hosts} (and, on a wildcard address,
 *       this machine's IP literals and host name). A page on another site that re-points its own name at 127.0.0.1
 *       (DNS rebinding) sends its own name, so it gets 403.</li>
 *   <li><b>Cross-origin</b>: a browser request to {@code /api/*}, and any request that is not GET or HEAD, must come
 *       from the dashboard's own origin ({@code Sec-Fetch-Site: same-origin}/{@code none}, or an {@code Origin} equal
 *       to the Host). Another port of 127.0.0.1 is the same <i>site</i> but another origin, and is refused: 403.</li>
 *   <li><b>Token</b> (when configured): {@code Authorization: Bearer TOKEN} or the cookie that
 *       {@code /login?token=TOKEN} sets; otherwise 401. {@link #OPEN_PATHS} need none. Compared in constant time.</li>
 * </ol>
 * Non-browser clients (curl, Prometheus) send neither {@code Origin} nor {@code Sec-Fetch-Site} and pass step 2.
 */
public final class AccessGuard {
    /** Paths without a token: liveness for load balancers and process supervisors, and the login link itself. */
    public static final Set<String> OPEN_PATHS = Set.of("/health", "/login");
    public static final String COOKIE = "stratmon_session";

    private final Set<String> allowedHosts;
    private final boolean anyIpLiteral;
    private final byte[] tokenDigest;
    private final String cookieValue;

    private AccessGuard(Set<String> allowedHosts, boolean anyIpLiteral, String token) {
        this.allowedHosts = allowedHosts;
        this.anyIpLiteral = anyIpLiteral;
        this.tokenDigest = token == null ? null : sha256("token\0" + token);
        this.cookieValue = token == null ? null : HexFormat.of().formatHex(sha256("stratmon-dashboard-session\0" + token));
    }

    /** The guard for a server listening on {@code listenHost}; refuses settings with {@link AccessConfig#problems}. */
    public static AccessGuard of(String listenHost, AccessConfig access) {
        var problems = access.problems(listenHost);
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems.stream().map(AccessConfig.Problem::toString).toList()));
        Set<String> hosts = new HashSet<>(Set.of("localhost", "127.0.0.1", "::1"));
        access.allowedHosts().forEach(h -> hosts.add(normalize(h)));
        boolean wildcard = AccessConfig.isWildcard(listenHost);
        if (!wildcard) hosts.add(normalize(listenHost));
        if (wildcard) hosts.addAll(localNames());
        // On a wildcard address any IP literal is fine: DNS rebinding needs a name, and a page served from an IP
        // literal of this machine is this server's own page.
        return new AccessGuard(Set.copyOf(hosts), wildcard, access.token());
    }

    /** The name to print in URLs for a server on {@code listenHost}: this machine's name for a wildcard address. */
    public static String urlHost(String listenHost) {
        if (!AccessConfig.isWildcard(listenHost)) return listenHost.contains(":") && !listenHost.startsWith("[") ? "[" + listenHost + "]" : listenHost;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "127.0.0.1";
        }
    }

    /** The before-handler. */
    public void check(Context ctx) {
        String host = ctx.header("Host");
        String name = hostName(host);
        if (name == null || !hostAllowed(name)) {
            refuse(ctx, HttpStatus.FORBIDDEN, "Host not allowed [host=" + host + "]: this dashboard answers to loopback names, "
                    + "the address it listens on and dashboard.allowed_hosts (a guard against DNS rebinding)");
            return;
        }
        String path = ctx.path();
        boolean write = ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD;
        if ((write || path.startsWith("/api/")) && !sameOrigin(ctx, host)) {
            refuse(ctx, HttpStatus.FORBIDDEN, "cross-origin request refused [origin=" + ctx.header("Origin") + ", sec-fetch-site="
                    + ctx.header("Sec-Fetch-Site") + "]: the API answers only the dashboard's own pages");
            return;
        }
        if (tokenDigest != null && !OPEN_PATHS.contains(path) && !authorized(ctx)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"stratmon\"");
            refuse(ctx, HttpStatus.UNAUTHORIZED, "this dashboard needs its token: open the login link `stratmon up` printed "
                    + "(/login?token=...), or send Authorization: Bearer <dashboard.token>");
        }
    }

    /** {@code GET /login?token=T}: with the right token, sets the session cookie and sends the browser on to {@code /}. */
    public void login(Context ctx) {
        if (tokenDigest == null) {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        String token = ctx.queryParam("token");
        if (token == null || !MessageDigest.isEqual(tokenDigest, sha256("token\0" + token))) {
            ctx.status(HttpStatus.UNAUTHORIZED).contentType("text/plain; charset=utf-8")
                    .result("wrong or missing token: use the login link `stratmon up` printed\n");
            return;
        }
        ctx.header("Set-Cookie", COOKIE + "=" + cookieValue + "; Path=/; HttpOnly; SameSite=Strict");
        // A page that moves on, rather than a 303: a SameSite=Strict cookie is not sent on a redirect whose chain began
        // on another site (a link in a chat), but it is on a navigation this page starts.
        ctx.contentType("text/html; charset=utf-8").result("<!doctype html><meta http-equiv=\"refresh\" content=\"0;url=/\">"
                + "<title>stratmon</title><p>Logged in. <a href=\"/\">Open the dashboard</a>.</p>\n");
    }

    private boolean authorized(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return MessageDigest.isEqual(tokenDigest, sha256("token\0" + header.substring(7).strip()));
        }
        String cookie = ctx.cookie(COOKIE);
        return cookie != null && MessageDigest.isEqual(cookieValue.getBytes(StandardCharsets.US_ASCII), cookie.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean sameOrigin(Context ctx, String host) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) return site.equals("same-origin") || site.equals("none");
        String origin = ctx.header("Origin");
        if (origin == null) return true; // not a browser, or a same-origin GET of an old browser
        return origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host);
    }

    /** Whether a Host name (as {@link #hostName} reads it) gets past step 1. */
    boolean allows(String name) {
        return hostAllowed(name);
    }

    private boolean hostAllowed(String name) {
        return allowedHosts.contains(name) || (anyIpLiteral && AccessConfig.isIpLiteral(name))
                || (AccessConfig.isIpLiteral(name) && AccessConfig.isLoopback(name));
    }

    /** The name part of a Host header, lower case, without port and brackets; null when malformed. */
    static String hostName(String host) {
        if (host == null || host.isBlank()) return null;
        String h = host.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0 || (end + 1 < h.length() && !h.substring(end + 1).matches(":\\d{1,5}"))) return null;
            return normalize(h.substring(1, end));
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            if (h.indexOf(':', colon + 1) >= 0 || !h.substring(colon + 1).matches("\\d{1,5}")) return null;
            h = h.substring(0, colon);
        }
        return normalize(h);
    }

    private static String normalize(String host) {
        String h = AccessConfig.unbracket(host.strip()).toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** This machine's host name (short and full), for a server listening on every interface. */
    private static Set<String> localNames() {
        Set<String> names = new HashSet<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(normalize(local.getHostName()));
            names.add(normalize(local.getCanonicalHostName()));
        } catch (java.io.IOException e) {
            // No resolvable host name: IP literals and allowed_hosts still work.
        }
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                nif.inetAddresses().forEach(a -> names.add(normalize(a.getHostAddress().replaceAll("%.*$", ""))));
            }
        } catch (SocketException e) {
            // Interfaces unknown: IP literals are allowed anyway on a wildcard address.
        }
        return names;
    }

    private static void refuse(Context ctx, HttpStatus status, String reason) {
        ctx.status(status).json(Map.of("error", reason));
        ctx.skipRemainingHandlers();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
