package io.stratmon.dashboard.grafana;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stratmon.dashboard.model.Dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a folder that runs the reference design with stratmon in Telegraf's place: {@code docker-compose.yml}
 * (QuestDB, the demo trader, the stratmon shipper, Grafana) and Grafana's provisioning (the QuestDB datasource over
 * PGWire, a dashboard provider, one dashboard JSON per stratmon dashboard).
 *
 * <pre>{@code
 * List<Path> written = GrafanaProvisioning.write(Path.of("grafana-export"), dashboards, GrafanaProvisioning.Options.defaults());
 * // then: cp app/target/stratmon.jar grafana-export/ && cd grafana-export && docker compose up
 * }</pre>
 *
 * <pre>
 * OUT/docker-compose.yml
 * OUT/.env                                                    (generated passwords, mode 0600; compose reads it)
 * OUT/grafana/provisioning/datasources/questdb.yaml
 * OUT/grafana/provisioning/dashboards/stratmon.yaml          (provider: where the JSON files are)
 * OUT/grafana/provisioning/dashboards/stratmon/ID.json       (one per dashboard)
 * </pre>
 */
public final class GrafanaProvisioning {
    public static final String CONTAINER_PROVISIONING = "/etc/grafana/provisioning";
    public static final String DASHBOARDS_SUBDIR = "dashboards/stratmon";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * @param questDbImage  e.g. {@code questdb/questdb:9.3.4}
     * @param grafanaImage  e.g. {@code grafana/grafana:11.4.0}
     * @param javaImage     runs {@code stratmon.jar} for the trader and the shipper
     * @param traderRate    demo trader events per second
     */
    public record Options(String questDbImage, String grafanaImage, String javaImage, double traderRate) {
        public static Options defaults() {
            return new Options("questdb/questdb:9.3.4", "grafana/grafana:11.4.0", "eclipse-temurin:17-jre", 20);
        }
    }

    private GrafanaProvisioning() {}

    /** Writes (or overwrites) the files under {@code out} and returns their paths. */
    public static List<Path> write(Path out, List<Dashboard> dashboards, Options options) throws IOException {
        List<Path> written = new ArrayList<>();
        Path provisioning = out.resolve("grafana/provisioning");
        written.add(text(provisioning.resolve("datasources/questdb.yaml"), datasourceYaml()));
        written.add(text(provisioning.resolve("dashboards/stratmon.yaml"), providerYaml()));
        for (Dashboard d : dashboards) {
            Path file = provisioning.resolve(DASHBOARDS_SUBDIR).resolve(d.id() + ".json");
            written.add(text(file, JSON.writeValueAsString(GrafanaDashboard.of(d)) + "\n"));
        }
        String home = dashboards.isEmpty() ? null : dashboards.get(0).id();
        written.add(text(out.resolve("docker-compose.yml"), composeYaml(options, home)));
        written.add(envFile(out.resolve(".env")));
        return written;
    }

    /**
     * The passwords the compose file refers to, generated once: QuestDB's admin (HTTP, ILP and PGWire; the shipper),
     * its read-only PGWire user (Grafana) and Grafana's admin. An existing file is kept, so a re-export changes nothing.
     */
    static Path envFile(Path file) throws IOException {
        if (Files.exists(file)) return file;
        Files.createDirectories(file.getParent());
        String text = "# Written by `stratmon grafana export`: passwords for docker-compose.yml. Keep private (mode 600).\n"
                + "QUESTDB_ADMIN_PASSWORD=" + secret() + "\nQUESTDB_READONLY_PASSWORD=" + secret() + "\nGRAFANA_ADMIN_PASSWORD=" + secret() + "\n";
        boolean posix = Files.getFileStore(file.getParent()).supportsFileAttributeView("posix");
        if (posix) {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Path text(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    static String datasourceYaml() {
        return """
                # Written by `stratmon grafana export`. QuestDB over the PostgreSQL wire protocol, as in the reference setup.
                # Grafana runs any SQL a dashboard holds, so it logs in as QuestDB's read-only PGWire user
                # (pg.readonly.user.enabled=true in docker-compose.yml, password in .env); INSERT and DDL are refused.
                apiVersion: 1
                datasources:
                  - name: QuestDB
                    uid: %s
                    type: %s
                    access: proxy
                    url: $QUESTDB_URL
                    user: $QUESTDB_USER
                    isDefault: true
                    editable: false
                    secureJsonData:
                      password: $QUESTDB_PASSWORD
                    jsonData:
                      database: qdb
                      sslmode: disable
                      maxOpenConns: 10
                      maxIdleConns: 10
                      maxIdleConnsAuto: true
                      connMaxLifetime: 14400
                      postgresVersion: 1200
                      timescaledb: false
                      timeInterval: 1s
                """.formatted(GrafanaDashboard.DATASOURCE_UID, GrafanaDashboard.DATASOURCE_TYPE);
    }

    static String providerYaml() {
        return """
                # Written by `stratmon grafana export`: load every dashboard JSON of the stratmon folder.
                apiVersion: 1
                providers:
                  - name: stratmon
                    orgId: 1
                    folder: stratmon
                    type: file
                    disableDeletion: false
                    allowUiUpdates: true
                    updateIntervalSeconds: 30
                    options:
                      path: %s/%s
                """.formatted(CONTAINER_PROVISIONING, DASHBOARDS_SUBDIR);
    }

    static String composeYaml(Options o, String homeDashboard) {
        String home = homeDashboard == null ? "" : "      - GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH=" + CONTAINER_PROVISIONING + "/" + DASHBOARDS_SUBDIR + "/" + homeDashboard + ".json\n";
        return """
                # Written by `stratmon grafana export`: the reference design (trader -> log file -> shipper -> QuestDB ->
                # Grafana) with stratmon's demo trader and shipper in place of the Python trader and Telegraf.
                # QuestDB asks for logins (HTTP, ILP and PGWire); the passwords are in .env next to this file (generated).
                # Put stratmon.jar next to this file (the export copies it when run from the jar), then:
                #   docker compose up        Grafana on http://127.0.0.1:3000, QuestDB console on http://127.0.0.1:9000
                services:

                  questdb:
                    image: %s
                    ports:
                      - "127.0.0.1:9000:9000"   # REST, web console, ILP over HTTP (the shipper)
                      - "127.0.0.1:8812:8812"   # PostgreSQL wire protocol (Grafana)
                    environment:
                      - QDB_TELEMETRY_ENABLED=false
                      - QDB_HTTP_USER=admin
                      - QDB_HTTP_SERVER_COOKIES_ENABLED=false   # a console session cookie would let other localhost pages in
                      - QDB_HTTP_PASSWORD=${QUESTDB_ADMIN_PASSWORD:?is set in .env, which stratmon grafana export writes}
                      - QDB_PG_USER=admin
                      - QDB_PG_PASSWORD=${QUESTDB_ADMIN_PASSWORD:?is set in .env, which stratmon grafana export writes}
                      - QDB_PG_READONLY_USER_ENABLED=true
                      - QDB_PG_READONLY_USER=grafana
                      - QDB_PG_READONLY_PASSWORD=${QUESTDB_READONLY_PASSWORD:?is set in .env, which stratmon grafana export writes}
                    volumes:
                      - questdb-data:/var/lib/questdb
                    healthcheck:
                      test: timeout 10s bash -c ':> /dev/tcp/localhost/9003'
                      interval: 5s
                      timeout: 10s
                      retries: 50

                  trader:
                    image: %s
                    command: ["java", "-jar", "/opt/stratmon/stratmon.jar", "trader", "--log-file", "/var/log/trader/trader.jsonl", "--rate", "%s", "--quiet"]
                    volumes:
                      - ./stratmon.jar:/opt/stratmon/stratmon.jar:ro
                      - logdata:/var/log/trader

                  shipper:
                    image: %s
                    command: ["java", "-jar", "/opt/stratmon/stratmon.jar", "ship", "--file", "/var/log/trader/*.jsonl", "--questdb", "http://questdb:9000", "--user", "admin", "--state-dir", "/var/lib/stratmon/state"]
                    environment:
                      - QUESTDB_PASSWORD=${QUESTDB_ADMIN_PASSWORD:?is set in .env, which stratmon grafana export writes}
                    depends_on:
                      questdb:
                        condition: service_healthy
                    volumes:
                      - ./stratmon.jar:/opt/stratmon/stratmon.jar:ro
                      - logdata:/var/log/trader
                      - shipper-state:/var/lib/stratmon

                  grafana:
                    image: %s
                    ports:
                      - "127.0.0.1:3000:3000"
                    volumes:
                      - ./grafana/provisioning:%s
                    environment:
                      - QUESTDB_URL=questdb:8812
                      - QUESTDB_USER=grafana
                      - QUESTDB_PASSWORD=${QUESTDB_READONLY_PASSWORD:?is set in .env, which stratmon grafana export writes}
                      - GF_SECURITY_ADMIN_USER=admin
                      - GF_SECURITY_ADMIN_PASSWORD=${GRAFANA_ADMIN_PASSWORD:?is set in .env, which stratmon grafana export writes}
                      - GF_AUTH_ANONYMOUS_ENABLED=true
                      - GF_AUTH_ANONYMOUS_ORG_ROLE=Viewer
                %s    depends_on:
                      questdb:
                        condition: service_healthy

                volumes:
                  logdata:
                  questdb-data:
                  shipper-state:
                """.formatted(o.questDbImage(), o.javaImage(), trim(o.traderRate()), o.javaImage(), o.grafanaImage(), CONTAINER_PROVISIONING, home);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
