package io.stratmon.dashboard.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who may use the dashboard: the {@code [dashboard]} keys {@code allow_remote}, {@code token} and {@code allowed_hosts}.
 * Loopback only and no token by default. Listening on any other address needs {@code allow_remote = true} and a token.
 *
 * @param allowRemote  listening on a non-loopback address was asked for explicitly
 * @param token        the shared secret every route but {@code /health} asks for (a bearer header, or the cookie the
 *                     login link sets); null for none, which loopback allows
 * @param allowedHosts more names the {@code Host} header may carry (the name people type, e.g. {@code monitor.lan}),
 *                     besides the loopback names and the address listened on
 */
public record AccessConfig(boolean allowRemote, String token, List<String> allowedHosts) {
    /** RFC 6750's b64token: what a bearer header and a URL carry without escaping. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]+");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");
    public static final int MIN_TOKEN_LENGTH = 16;

    public AccessConfig {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        if (token != null && token.isEmpty()) token = null;
    }

    public static AccessConfig loopbackOnly() {
        return new AccessConfig(false, null, List.of());
    }

    public AccessConfig withAllowRemote(boolean value) {
        return new AccessConfig(value, token, allowedHosts);
    }

    public AccessConfig withToken(String value) {
        return new AccessConfig(allowRemote, value, allowedHosts);
    }

    public AccessConfig withAllowedHosts(List<String> value) {
        return new AccessConfig(allowRemote, token, value);
    }

    /** A problem of one {@code [dashboard]} key, e.g. {@code dashboard.token}; prints as {@code key: message}. */
    public record Problem(String key, String message) {
        @Override
        public String toString() {
            return key + ": " + message;
        }
    }

    /** Everything wrong with these settings for a server listening on {@code listenHost}; no I/O. */
    public List<Problem> problems(String listenHost) {
        List<Problem> problems = new ArrayList<>();
        boolean remote = listenHost != null && !isLoopback(listenHost);
        if (remote && !allowRemote) {
            problems.add(new Problem("dashboard.host", listenHost + " is not a loopback address; to listen there set dashboard.allow_remote = true "
                    + "and dashboard.token (e.g. token = \"${STRATMON_DASHBOARD_TOKEN}\", from `openssl rand -hex 32`)"));
        } else if ((remote || allowRemote) && token == null) {
            problems.add(new Problem("dashboard.token", "required when the dashboard may be reached from other machines (dashboard.host = " + listenHost
                    + ", allow_remote = " + allowRemote + "); generate one with `openssl rand -hex 32`"));
        }
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            problems.add(new Problem("dashboard.token", "must be at least " + MIN_TOKEN_LENGTH + " characters [length=" + token.length() + "]"));
        }
        if (token != null && !TOKEN.matcher(token).matches()) {
            problems.add(new Problem("dashboard.token", "only letters, digits and . _ ~ + / = - (it travels in a header and a URL)"));
        }
        for (String h : allowedHosts) {
            if (!HOST_NAME.matcher(h).matches() && !isIpLiteral(h)) {
                problems.add(new Problem("dashboard.allowed_hosts", "not a host name or IP address (no scheme, port or path) [value=" + h + "]"));
            }
        }
        return problems;
    }

    /** {@code localhost}, or an IP literal in 127.0.0.0/8 or {@code ::1} (with or without brackets). */
    public static boolean isLoopback(String host) {
        String h = unbracket(host);
        if (h.equalsIgnoreCase("localhost") || h.equalsIgnoreCase("localhost.")) return true;
        return isIpLiteral(h) && literal(h).isLoopbackAddress();
    }

    /** {@code 0.0.0.0} or {@code ::}: every interface. */
    public static boolean isWildcard(String host) {
        String h = unbracket(host);
        return isIpLiteral(h) && literal(h).isAnyLocalAddress();
    }

    static boolean isIpLiteral(String host) {
        String h = unbracket(host);
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String octet : h.split("\\.")) if (Integer.parseInt(octet) > 255) return false;
            return true;
        }
        // IPv6: at least two colons ("::"), hex digits, dots for an embedded IPv4; then parsed (no lookup for a literal).
        if (h.chars().filter(c -> c == ':').count() < 2 || !h.matches("[0-9A-Fa-f:.]+") || h.length() > 45) return false;
        try {
            return InetAddress.getByName(h) != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Parses an IP literal without any name lookup (the caller checked {@link #isIpLiteral}). */
    static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(unbracket(host));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address [value=" + host + "]", e);
        }
    }

    static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "AccessConfig[allowRemote=" + allowRemote + ", token=" + (token == null ? "none" : "***") + ", allowedHosts=" + allowedHosts + "]";
    }
}
