package io.stratmon.app;

import io.stratmon.dashboard.grafana.GrafanaProvisioning;
import io.stratmon.dashboard.model.Dashboard;
import io.stratmon.dashboard.model.DashboardCatalog;
import io.stratmon.dashboard.model.DashboardLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code stratmon grafana export}: the dashboards as a Grafana provisioning folder, with a docker-compose.yml. */
@Command(name = "grafana", mixinStandardHelpOptions = true,
        description = "Grafana integration: export stratmon dashboards as Grafana provisioning.",
        subcommands = {GrafanaCommand.Export.class})
final class GrafanaCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write a Grafana provisioning folder (QuestDB datasource over PGWire, one dashboard JSON per stratmon "
                    + "dashboard) and a docker-compose.yml running QuestDB, the demo trader, the stratmon shipper and Grafana.",
                    "Then: cd DIR && docker compose up, and open http://127.0.0.1:3000."})
    static final class Export implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (created; files in it are overwritten).")
        Path out;

        @Option(names = "--dashboards", paramLabel = "DIR", description = "Also export the dashboard files (*.toml, *.json) of this folder.")
        Path dashboardsDir;

        @Option(names = "--grafana-image", defaultValue = "grafana/grafana:11.4.0", description = "Grafana image. Default: ${DEFAULT-VALUE}.")
        String grafanaImage;

        @Option(names = "--rules", paramLabel = "GLOB", defaultValue = "builtin", split = ",",
                description = "Alert rule files to export as Grafana alert rules ('builtin' = the demo strategy's). Default: ${DEFAULT-VALUE}.")
        List<String> rules;

        @Option(names = "--alertmanager-url", defaultValue = "http://alertmanager:9093", paramLabel = "URL",
                description = "The Alertmanager Grafana's contact point sends to. Default: ${DEFAULT-VALUE}.")
        String alertmanagerUrl;

        @Option(names = "--questdb-image", defaultValue = "questdb/questdb:9.3.4", description = "QuestDB image. Default: ${DEFAULT-VALUE}.")
        String questDbImage;

        @Override
        public Integer call() throws Exception {
            List<Dashboard> dashboards = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (DashboardLoader.Result r : new DashboardCatalog(dashboardsDir).all()) {
                if (r instanceof DashboardLoader.Result.Ok ok) dashboards.add(ok.dashboard());
                else if (r instanceof DashboardLoader.Result.Broken b) problems.add(b.source() + ": " + String.join("; ", b.problems()));
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("dashboard files have errors, nothing written:\n  " + String.join("\n  ", problems));
            }
            GrafanaProvisioning.Options defaults = GrafanaProvisioning.Options.defaults();
            List<Path> written = GrafanaProvisioning.write(out, dashboards,
                    new GrafanaProvisioning.Options(questDbImage, grafanaImage, defaults.javaImage(), defaults.traderRate()));
            var alertRules = Alerting.loadRules(rules, Path.of("."));
            if (!alertRules.ok()) throw new IllegalArgumentException("alert rules have errors:\n  " + String.join("\n  ", alertRules.problems()));
            written = new ArrayList<>(written);
            written.addAll(io.stratmon.alerts.GrafanaAlertExport.write(out.resolve("grafana/provisioning/alerting"), alertRules.groups(),
                    java.time.Duration.ofSeconds(10), io.stratmon.dashboard.grafana.GrafanaDashboard.DATASOURCE_UID, alertmanagerUrl));
            written.forEach(p -> System.out.println("wrote " + p));
            dashboards.forEach(d -> io.stratmon.dashboard.grafana.GrafanaDashboard.notExported(d).forEach(n -> System.out.println("note: " + n)));
            Path jar = runningJar();
            if (jar != null) {
                Files.copy(jar, out.resolve("stratmon.jar"), StandardCopyOption.REPLACE_EXISTING);
                System.out.println("copied " + jar + " to " + out.resolve("stratmon.jar"));
            } else {
                System.out.println("copy app/target/stratmon.jar to " + out.resolve("stratmon.jar") + " before `docker compose up`");
            }
            System.out.println("next: cd " + out + " && docker compose up   (Grafana on http://127.0.0.1:3000)");
            return 0;
        }

        private static Path runningJar() {
            try {
                Path p = Path.of(GrafanaCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
            } catch (URISyntaxException | RuntimeException e) {
                return null;
            }
        }
    }
}
