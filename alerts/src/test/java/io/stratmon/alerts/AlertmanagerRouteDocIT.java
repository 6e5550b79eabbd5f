package io.stratmon.alerts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Alertmanager route docs/alerts.md shows for Telegram, Slack, email and PagerDuty is one amtool accepts. */
class AlertmanagerRouteDocIT {
    @Test
    void the_documented_alertmanager_route_passes_amtool_check_config(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(AlertmanagerProcess.AMTOOL), "amtool is not installed (" + AlertmanagerProcess.AMTOOL
                + "); it comes with Debian's prometheus-alertmanager, which .ci/run installs");
        String doc = Files.readString(Path.of("..", "docs", "alerts.md"));
        int start = doc.indexOf("<!-- alertmanager-example:start -->");
        int end = doc.indexOf("<!-- alertmanager-example:end -->");
        assertThat(start).as("the example markers in docs/alerts.md").isNotNegative();
        String block = doc.substring(doc.indexOf("```yaml\n", start) + 8, doc.lastIndexOf("```", end));
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, block);
        Process p = new ProcessBuilder(AlertmanagerProcess.AMTOOL.toString(), "check-config", config.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS").contains("4 receivers");
    }
}
