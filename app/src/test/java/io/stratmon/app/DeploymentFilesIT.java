package io.stratmon.app;

import io.stratmon.app.config.ConfigLoader;
import io.stratmon.app.config.StratmonConfig;
import io.stratmon.dashboard.grafana.GrafanaProvisioning;
import io.stratmon.dashboard.model.DashboardCatalog;
import io.stratmon.dashboard.model.DashboardLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The files of docs/deploy.md: the systemd units under {@code deploy/systemd} pass {@code systemd-analyze verify}
 * (with no warning at all: it reports a misspelled key only as a warning), keep the hardening the doc promises, the
 * sample configs load, and the {@code docker-compose.yml} that {@code grafana export} writes passes Debian's
 * {@code docker-compose config} (1.29, which validates without a Docker daemon).
 */
class DeploymentFilesIT {
    static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");

    record Run(int exit, String output) {}

    static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        return new Run(p.exitValue(), out.strip());
    }

    static List<Path> units() throws IOException {
        try (Stream<Path> s = Files.list(DEPLOY.resolve("systemd"))) {
            return s.filter(p -> p.toString().endsWith(".service")).sorted().toList();
        }
    }

    /** The unit as installed, but its ExecStart binary is a stub the test provides (verify needs it to exist). */
    static Path staged(Path unit, Path dir, String extra) throws IOException {
        Path java = dir.resolve("bin/java");
        Files.createDirectories(java.getParent());
        if (!Files.exists(java)) {
            Files.writeString(java, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String text = Files.readString(unit).replace("ExecStart=/usr/bin/java", "ExecStart=" + java);
        if (!extra.isEmpty()) text = text.replace("[Service]\n", "[Service]\n" + extra + "\n");
        Path out = dir.resolve(unit.getFileName());
        Files.writeString(out, text);
        return out;
    }

    static Run verify(Path unit) throws IOException, InterruptedException {
        return run(unit.getParent(), SYSTEMD_ANALYZE.toString(), "verify", "--man=no", unit.toString());
    }

    @Test
    void every_systemd_unit_passes_systemd_analyze_verify_without_a_warning(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE), "systemd-analyze is not installed (apt-get install systemd); unit check skipped");
        List<Path> units = units();
        assertThat(units).extracting(p -> p.getFileName().toString())
                .containsExactly("questdb.service", "stratmon-agent.service", "stratmon-central.service");
        for (Path unit : units) {
            Run r = verify(staged(unit, dir, ""));
            assertThat(r.output()).as("systemd-analyze verify %s", unit.getFileName()).isEmpty();
            assertThat(r.exit()).isZero();
        }
    }

    @Test
    void the_check_catches_a_misspelled_hardening_key_so_it_can_fail(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE), "systemd-analyze is not installed (apt-get install systemd); unit check skipped");
        Run r = verify(staged(DEPLOY.resolve("systemd/stratmon-agent.service"), dir, "ProtectSystm=strict"));
        assertThat(r.output()).contains("Unknown key 'ProtectSystm'");
    }

    @Test
    void each_unit_runs_as_a_dedicated_user_restarts_on_failure_and_writes_only_its_state_dir() throws Exception {
        for (Path unit : units()) {
            List<String> lines = Files.readAllLines(unit).stream().map(String::strip).filter(l -> !l.startsWith("#")).toList();
            String name = unit.getFileName().toString();
            assertThat(lines).as(name).contains("Restart=on-failure", "ProtectSystem=strict", "NoNewPrivileges=true", "PrivateTmp=true",
                    "CapabilityBoundingSet=");
            assertThat(lines).as(name).anyMatch(l -> l.matches("User=(stratmon|questdb)"));
            String state = lines.stream().filter(l -> l.startsWith("StateDirectory=")).findFirst().orElseThrow().substring("StateDirectory=".length());
            assertThat(lines).as(name + ": writes its state dir, nothing else").contains("ReadWritePaths=/var/lib/" + state);
            String exec = lines.stream().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
            assertThat(exec).as(name + ": a bounded heap").containsPattern("-Xmx\\d+[mg]");
        }
    }

    @Test
    void the_sample_configs_of_the_two_hosts_load() throws Exception {
        Map<String, String> env = Map.of("QUESTDB_PASSWORD", "secret");
        StratmonConfig agent = ConfigLoader.load(DEPLOY.resolve("agent.toml"), env);
        assertThat(agent.questdb().url()).isEqualTo("http://10.0.0.10:9000");
        assertThat(agent.shipper().stateDir().toString()).isEqualTo("/var/lib/stratmon-agent/state");
        // HOSTNAME is not in the environment here (as under systemd): the label is still the machine's name.
        assertThat(agent.shipper().inputs().get(0).labels().values()).containsEntry("strategy", "mm-btc").containsKey("host");
        assertThat(agent.shipper().inputs().get(0).labels().host()).isNotBlank();
        StratmonConfig central = ConfigLoader.load(DEPLOY.resolve("central.toml"), env, false); // as up reads it
        assertThat(central.questdb().embedded()).isFalse();
        assertThat(central.shipper().inputs()).as("the agents ship; up ships nothing itself").isEmpty();
        assertThat(central.alerts().enabled()).isTrue();
        // The agent unit's --state-dir is the config's state_dir, and both sit in its StateDirectory.
        assertThat(Files.readString(DEPLOY.resolve("systemd/stratmon-agent.service"))).contains("--state-dir /var/lib/stratmon-agent/state",
                "--config /etc/stratmon/agent.toml");
    }

    @Test
    void the_docker_compose_file_grafana_export_writes_passes_docker_compose_config(@TempDir Path dir) throws Exception {
        Path compose = Path.of("/usr/bin/docker-compose");
        assumeTrue(Files.isExecutable(compose), "docker-compose is not installed (apt-get install docker-compose); compose check skipped");
        List<io.stratmon.dashboard.model.Dashboard> dashboards = new ArrayList<>();
        for (DashboardLoader.Result r : new DashboardCatalog(null).all()) dashboards.add(((DashboardLoader.Result.Ok) r).dashboard());
        GrafanaProvisioning.write(dir, dashboards, GrafanaProvisioning.Options.defaults());
        Run ok = run(dir, compose.toString(), "-f", "docker-compose.yml", "config", "--quiet");
        assertThat(ok.exit()).as(ok.output()).isZero();
        Run services = run(dir, compose.toString(), "-f", "docker-compose.yml", "config", "--services");
        assertThat(services.output().lines().sorted().toList()).contains("grafana", "questdb");
        // The check is real: a misspelled key in a service is refused.
        Files.writeString(dir.resolve("docker-compose.yml"), Files.readString(dir.resolve("docker-compose.yml")).replaceFirst("image:", "imgae:"));
        Run bad = run(dir, compose.toString(), "-f", "docker-compose.yml", "config", "--quiet");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.output()).contains("imgae");
    }
}
