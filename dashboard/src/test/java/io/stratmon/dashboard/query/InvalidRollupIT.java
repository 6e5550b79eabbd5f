package io.stratmon.dashboard.query;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.stratmon.dashboard.model.DashboardCatalog;
import io.stratmon.dashboard.model.Panel;
import io.stratmon.dashboard.model.PanelKind;
import io.stratmon.dashboard.model.Rollup;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rollup view QuestDB has marked invalid (here: a column of its table dropped) is no longer refreshed, so its rows
 * go stale: on a real QuestDB, its panel reads the raw table, the refusal is logged once with QuestDB's reason, and a
 * view dropped by the user is created again.
 */
class InvalidRollupIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    final Logger log = (Logger) LoggerFactory.getLogger(Rollups.class);
    final Rollup.View view = new Rollup.View("quotes_1m", "SELECT timestamp, avg(bid) AS bid FROM quotes SAMPLE BY 1m", "quotes");
    final Panel panel = new Panel("bid", "Bid", PanelKind.TIMESERIES,
            List.of("SELECT timestamp AS time, avg(bid) AS bid FROM quotes WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT"),
            "", 12, null, false, List.of(), List.of(), List.of(), null, null, "no data", 50, List.of(),
            new Rollup(List.of(view), Duration.ofMinutes(1),
                    List.of("SELECT timestamp AS time, avg(bid) AS bid FROM quotes_1m WHERE $__timeFilter(timestamp) SAMPLE BY $__interval_msT")));
    Schema schema;
    Rollups rollups;

    @BeforeEach
    void start() {
        logged.start();
        log.addAppender(logged);
        schema = new Schema(questdb.sql(), Duration.ofSeconds(5), Clock.systemUTC());
        rollups = new Rollups(questdb.sql(), new DashboardCatalog(null), schema, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        log.detachAppender(logged);
    }

    List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    String rollupRead() {
        Instant now = Instant.now();
        PanelResult r = new PanelRunner(questdb.sql(), schema, Duration.ofSeconds(10), 1000)
                .run(panel, new PanelRequest(now.minus(Duration.ofDays(1)), now, 100, null, 0, Selection.ALL, true));
        assertThat(r.state()).as(r.message()).isEqualTo(PanelResult.OK);
        return r.rollup();
    }

    @Test
    void an_invalid_view_is_not_read_is_logged_once_with_the_reason_and_is_created_again_once_dropped() {
        questdb.query("CREATE TABLE quotes (timestamp TIMESTAMP, bid DOUBLE, ask DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        questdb.query("INSERT INTO quotes SELECT dateadd('m', -cast(x as int), now()), 100 + x, 101 + x FROM long_sequence(120)");
        questdb.awaitWalApplied("quotes");
        assertThat(rollups.ensure(view, List.of())).isTrue();
        assertThat(rollupRead()).isEqualTo("quotes_1m");

        questdb.query("ALTER TABLE quotes DROP COLUMN ask");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                questdb.query("SELECT view_status FROM materialized_views() WHERE view_name = 'quotes_1m'").toTsv().equals("view_status\ninvalid\n"));
        schema.refresh();
        assertThat(schema.invalidView("quotes_1m")).contains("drop column operation");
        assertThat(rollups.ensure(view, List.of())).isFalse();
        assertThat(rollups.ensure(view, List.of())).isFalse();
        assertThat(warnings()).singleElement().asString().contains("invalid", "DROP MATERIALIZED VIEW \"quotes_1m\"", "drop column operation");
        assertThat(rollupRead()).as("the panel reads the raw table").isNull();

        questdb.query("DROP MATERIALIZED VIEW quotes_1m");
        schema.refresh();
        assertThat(rollups.ensure(view, List.of())).isTrue();
        schema.refresh();
        assertThat(schema.invalidView("quotes_1m")).isEmpty();
        assertThat(schema.tableIgnoreCase("quotes_1m")).isPresent();
        assertThat(rollupRead()).isEqualTo("quotes_1m");
    }
}
