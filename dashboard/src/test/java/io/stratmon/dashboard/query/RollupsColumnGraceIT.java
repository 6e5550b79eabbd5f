package io.stratmon.dashboard.query;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.stratmon.dashboard.model.DashboardCatalog;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollup view whose table lacks a column it needs, on a real QuestDB and the test's clock: the table the shipper
 * has just created gets its columns as QuestDB applies its first rows, so that refusal is tried again quietly for
 * {@link Rollups#COLUMN_GRACE} before it is logged (once); any other refusal is logged at once.
 */
class RollupsColumnGraceIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    Instant now = Instant.parse("2026-12-02T12:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    final Logger log = (Logger) LoggerFactory.getLogger(Rollups.class);
    Rollups rollups;
    Schema schema;

    @BeforeEach
    void start() {
        logged.start();
        log.addAppender(logged);
        schema = new Schema(questdb.sql(), Duration.ofSeconds(5), clock);
        rollups = new Rollups(questdb.sql(), new DashboardCatalog(null), schema, clock);
    }

    @AfterEach
    void stop() {
        log.detachAppender(logged);
    }

    List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    static Rollup.View bidView(String table) {
        return new Rollup.View(table + "_1m", "SELECT timestamp, symbol, min(bid) AS bid FROM " + table + " SAMPLE BY 1m", table);
    }

    @Test
    void a_column_the_new_table_gets_seconds_later_creates_the_view_without_a_warning() {
        questdb.query("CREATE TABLE quotes (timestamp TIMESTAMP, symbol SYMBOL) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        assertThat(rollups.ensure(bidView("quotes"), List.of())).isFalse();
        now = now.plusSeconds(30);
        assertThat(rollups.ensure(bidView("quotes"), List.of())).isFalse();

        questdb.query("ALTER TABLE quotes ADD COLUMN bid DOUBLE");
        questdb.awaitWalApplied("quotes");
        now = now.plusSeconds(5);
        assertThat(rollups.ensure(bidView("quotes"), List.of())).isTrue();
        schema.refresh();
        assertThat(schema.tableIgnoreCase("quotes_1m")).isPresent();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void a_column_still_missing_after_the_grace_is_logged_once_naming_the_view_and_the_column() {
        questdb.query("CREATE TABLE ticks (timestamp TIMESTAMP, symbol SYMBOL) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        assertThat(rollups.ensure(bidView("ticks"), List.of())).isFalse();
        now = now.plus(Rollups.COLUMN_GRACE).minusSeconds(1);
        assertThat(rollups.ensure(bidView("ticks"), List.of())).isFalse();
        assertThat(warnings()).isEmpty();

        now = now.plusSeconds(1);
        assertThat(rollups.ensure(bidView("ticks"), List.of())).isFalse();
        now = now.plusSeconds(60);
        assertThat(rollups.ensure(bidView("ticks"), List.of())).isFalse();
        assertThat(warnings()).singleElement().asString().contains("view=ticks_1m", "Invalid column: bid");
    }

    @Test
    void any_other_refusal_is_logged_at_once() {
        questdb.query("CREATE TABLE fills (timestamp TIMESTAMP, symbol SYMBOL, bid DOUBLE) TIMESTAMP(timestamp) PARTITION BY DAY WAL");
        Rollup.View notAnAggregate = new Rollup.View("fills_1m", "SELECT timestamp, symbol, bid + FROM fills SAMPLE BY 1m", "fills");
        assertThat(rollups.ensure(notAnAggregate, List.of())).isFalse();
        assertThat(warnings()).singleElement().asString().contains("view=fills_1m");
    }
}
