package io.stratmon.shipper.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Where a small HTTP listener binds: {@code host:port} with an IP address ({@code 127.0.0.1:9464},
 * {@code [::1]:9464}) or {@code localhost}. Names other than localhost are refused (a name that resolves somewhere
 * else tomorrow is no address to bind to); port 0 means any free port.
 * <pre>{@code
 * ListenAddress a = ListenAddress.parse("127.0.0.1:9464");   // throws IllegalArgumentException with the reason
 * a.loopback();                                              // true
 * }</pre>
 */
public record ListenAddress(String host, int port) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** The address, or an IllegalArgumentException whose message says what is wrong and what would work. */
    public static ListenAddress parse(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("not host:port [value=" + text + "]; e.g. 127.0.0.1:9464");
        }
        String host = t.substring(0, colon);
        String portText = t.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number [value=" + text + "]; e.g. 127.0.0.1:9464");
        }
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0 to 65535 [value=" + text + "]");
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        else if (host.contains(":")) throw new IllegalArgumentException("an IPv6 address goes in brackets [value=" + text + "]; e.g. [::1]:9464");
        boolean literal = IPV4.matcher(host).matches() || host.contains(":");
        if (!literal && !host.equalsIgnoreCase("localhost")) {
            throw new IllegalArgumentException("give an IP address or localhost, not a host name [value=" + text + "]; e.g. 127.0.0.1:9464");
        }
        try {
            InetAddress.getByName(host); // an IP literal or localhost: no DNS query
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address [value=" + text + "]");
        }
        return new ListenAddress(host, port);
    }

    /** True for 127.0.0.0/8, ::1 and localhost. */
    public boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code host:port}, IPv6 in brackets. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
