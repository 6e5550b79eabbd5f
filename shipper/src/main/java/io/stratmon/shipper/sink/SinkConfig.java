package io.stratmon.shipper.sink;

import io.stratmon.shipper.config.ConfigProblem;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where and how rows are sent: ILP over HTTP to a QuestDB at {@code url} ({@code http://host:port} or https), or
 * ILP over TCP ({@code tcp://host:port}, for Telegraf {@code socket_writer} compatibility). Only HTTP acknowledges
 * rows: over TCP a "successful" send means the bytes left this process, and QuestDB drops bad rows silently.
 *
 * @param protocolVersion ILP protocol version: 2 (binary doubles, exact; QuestDB ≥ 9) or 1 (text, older servers)
 * @param requestTimeout  how long one HTTP request may take before it counts as failed
 */
public record SinkConfig(String url, String username, String password, int protocolVersion, Duration requestTimeout) {

    public static SinkConfig of(String url) {
        return new SinkConfig(url, null, null, 2, Duration.ofSeconds(30));
    }

    public SinkConfig withCredentials(String username, String password) {
        return new SinkConfig(url, username, password, protocolVersion, requestTimeout);
    }

    public SinkConfig withUrl(String value) {
        return new SinkConfig(value, username, password, protocolVersion, requestTimeout);
    }

    public SinkConfig withProtocolVersion(int version) {
        return new SinkConfig(url, username, password, version, requestTimeout);
    }

    /** Every problem, each naming its key as written in the {@code [questdb]} table ({@code url}). */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> problems = new ArrayList<>();
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) && !"tcp".equals(uri.getScheme())) {
                problems.add(ConfigProblem.of("url", "must start with http://, https:// or tcp:// [value=" + url + "]"));
            } else if (uri.getHost() == null) {
                problems.add(ConfigProblem.of("url", "has no host [value=" + url + "]"));
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.add(ConfigProblem.of("url", "not a URL [value=" + url + "]"));
        }
        if (protocolVersion < 1 || protocolVersion > 2) {
            problems.add(ConfigProblem.of("protocol_version", "must be 1 or 2 [value=" + protocolVersion + "]"));
        }
        return problems;
    }

    /** True for ILP over TCP, which has no acknowledgements. */
    public boolean isTcp() {
        return url != null && url.startsWith("tcp://");
    }

}
