package io.stratmon.dashboard.access;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AccessConfigTest {
    static final String TOKEN = "0123456789abcdef0123";

    @Test
    void loopback_means_localhost_and_loopback_literals_never_a_name_that_might_resolve_there() {
        for (String h : List.of("127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "localhost.", "::1", "[::1]", "0:0:0:0:0:0:0:1")) {
            assertThat(AccessConfig.isLoopback(h)).as(h).isTrue();
        }
        for (String h : List.of("0.0.0.0", "::", "192.168.1.10", "monitor.lan", "localhost.evil.test", "127.0.0.1.evil.test", "999.0.0.1", "::2")) {
            assertThat(AccessConfig.isLoopback(h)).as(h).isFalse();
        }
        assertThat(AccessConfig.isWildcard("0.0.0.0")).isTrue();
        assertThat(AccessConfig.isWildcard("[::]")).isTrue();
        assertThat(AccessConfig.isWildcard("127.0.0.1")).isFalse();
    }

    @Test
    void a_remote_address_needs_allow_remote_and_a_long_enough_token_each_problem_naming_its_key() {
        assertThat(AccessConfig.loopbackOnly().problems("127.0.0.1")).isEmpty();
        assertThat(AccessConfig.loopbackOnly().problems("0.0.0.0")).singleElement().asString()
                .startsWith("dashboard.host: 0.0.0.0 is not a loopback address").contains("dashboard.allow_remote = true", "dashboard.token");
        assertThat(AccessConfig.loopbackOnly().withAllowRemote(true).problems("0.0.0.0")).singleElement().asString().startsWith("dashboard.token: required");
        assertThat(AccessConfig.loopbackOnly().withAllowRemote(true).problems("127.0.0.1")).as("allow_remote alone asks for a token too")
                .singleElement().asString().startsWith("dashboard.token: required");
        assertThat(AccessConfig.loopbackOnly().withAllowRemote(true).withToken(TOKEN).problems("0.0.0.0")).isEmpty();
        assertThat(AccessConfig.loopbackOnly().withToken("short").problems("127.0.0.1")).singleElement().asString().contains("at least 16");
        assertThat(AccessConfig.loopbackOnly().withToken(TOKEN + " x;y").problems("127.0.0.1")).singleElement().asString()
                .startsWith("dashboard.token: only letters");
        assertThat(AccessConfig.loopbackOnly().withToken("").token()).as("an empty ${VAR:-} is no token").isNull();
        assertThat(AccessConfig.loopbackOnly().withAllowedHosts(List.of("monitor.lan", "10.0.0.5", "[::1]", "http://x", "a:80", "a/b")).problems("127.0.0.1"))
                .hasSize(3).allMatch(p -> p.key().equals("dashboard.allowed_hosts") && p.message().startsWith("not a host name"));
        assertThat(AccessConfig.loopbackOnly().withToken(TOKEN).toString()).doesNotContain(TOKEN);
    }

    @Test
    void the_host_header_is_read_as_name_and_port_and_anything_else_is_malformed() {
        assertThat(AccessGuard.hostName("127.0.0.1:7300")).isEqualTo("127.0.0.1");
        assertThat(AccessGuard.hostName("LocalHost.:7300")).isEqualTo("localhost");
        assertThat(AccessGuard.hostName("[::1]:7300")).isEqualTo("::1");
        assertThat(AccessGuard.hostName("[::1]")).isEqualTo("::1");
        assertThat(AccessGuard.hostName("evil.test")).isEqualTo("evil.test");
        for (String bad : List.of("", " ", "a:b", "1.2.3.4:80:90", "[::1]x", "[::1", "host:99999999")) {
            assertThat(AccessGuard.hostName(bad)).as("'%s'", bad).isNull();
        }
        assertThat(AccessGuard.hostName(null)).isNull();
    }

    @Test
    void a_wildcard_listener_allows_ip_literals_and_this_machines_name_while_a_specific_one_allows_only_itself() {
        AccessGuard wildcard = AccessGuard.of("0.0.0.0", AccessConfig.loopbackOnly().withAllowRemote(true).withToken(TOKEN));
        AccessGuard specific = AccessGuard.of("127.0.0.1", AccessConfig.loopbackOnly().withAllowedHosts(List.of("monitor.lan")));
        assertThat(wildcard.allows("10.1.2.3")).isTrue();
        assertThat(wildcard.allows("evil.test")).isFalse();
        assertThat(specific.allows("10.1.2.3")).isFalse();
        assertThat(specific.allows("monitor.lan")).isTrue();
        assertThat(specific.allows("evil.test")).isFalse();
        assertThat(AccessGuard.urlHost("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(AccessGuard.urlHost("::1")).isEqualTo("[::1]");
        assertThat(AccessGuard.urlHost("0.0.0.0")).isNotEqualTo("0.0.0.0");
    }
}
