package io.stratmon.app;

import io.stratmon.shipper.ShipperHeartbeat;
import io.stratmon.shipper.ShipperStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class StatusAndProgressTest {
    @TempDir
    Path dir;

    static ShipperStatus status(long time, boolean retrying, long size, long offset) {
        return new ShipperStatus(time, "http://127.0.0.1:9000", retrying, retrying ? "Connection refused" : null, 1000, 990, 10, 3, 12.5,
                List.of(new ShipperStatus.FileStatus("/var/log/trader.jsonl", "803:1229", "00ff00ff00ff00ff", offset, size,
                        size - offset, size > offset ? 4.5 : 0, 1000, 990, 10, false, null)));
    }

    @Test
    void status_prints_totals_and_files_and_exits_1_when_retrying_or_stale() {
        long now = System.currentTimeMillis();
        status(now, false, 5000, 5000).write(dir.resolve("status.json"));
        CliTest.Result ok = CliTest.run("status", "--state-dir", dir.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("shipper  OK", "rows shipped 990", "dead-lettered 10", "retries 3", "/var/log/trader.jsonl");

        status(now, true, 9000, 5000).write(dir.resolve("status.json"));
        CliTest.Result retrying = CliTest.run("status", "--state-dir", dir.toString());
        assertThat(retrying.code()).isEqualTo(1);
        assertThat(retrying.out()).contains("RETRYING", "Connection refused", "behind 4,000 bytes");

        status(now - 60_000, false, 5000, 5000).write(dir.resolve("status.json"));
        assertThat(CliTest.run("status", "--state-dir", dir.toString()).out()).contains("NOT RUNNING");
        assertThat(CliTest.run("status", "--state-dir", dir.resolve("nope").toString()).code()).isEqualTo(2);
    }

    @Test
    void an_idle_shipper_with_an_old_status_and_a_fresh_heartbeat_is_running() {
        long now = System.currentTimeMillis();
        status(now - 3_600_000, false, 5000, 5000).write(dir.resolve("status.json"));
        new ShipperHeartbeat(now - 2_000, now + 13_000, now - 3_600_000, 4242, false).write(dir.resolve(ShipperHeartbeat.FILE));
        CliTest.Result idle = CliTest.run("status", "--state-dir", dir.toString());
        assertThat(idle.code()).isZero();
        assertThat(idle.out()).contains("shipper  OK", "(last change), heartbeat ", "pid 4242").containsPattern("updated 360[0-9].[0-9] s ago");
    }

    @Test
    void a_heartbeat_past_its_due_time_means_not_running_however_fresh_it_once_was() {
        long now = System.currentTimeMillis();
        status(now - 40_000, false, 5000, 5000).write(dir.resolve("status.json"));
        new ShipperHeartbeat(now - 20_000, now - 5_000, now - 40_000, 4242, false).write(dir.resolve(ShipperHeartbeat.FILE));
        CliTest.Result dead = CliTest.run("status", "--state-dir", dir.toString());
        assertThat(dead.code()).isEqualTo(1);
        assertThat(dead.out()).containsPattern("NOT RUNNING \\(no update for 2[0-9] s\\)");
    }

    @Test
    void a_clean_stop_is_reported_as_stopped_at_once() {
        long now = System.currentTimeMillis();
        status(now - 1_000, false, 5000, 5000).write(dir.resolve("status.json"));
        new ShipperHeartbeat(now - 1_000, now + 14_000, now - 1_000, 4242, true).write(dir.resolve(ShipperHeartbeat.FILE));
        CliTest.Result stopped = CliTest.run("status", "--state-dir", dir.toString());
        assertThat(stopped.code()).isEqualTo(1);
        assertThat(stopped.out()).containsPattern("NOT RUNNING \\(stopped [0-9]+ s ago\\)");
    }

    @Test
    void a_heartbeat_older_than_the_status_is_left_from_an_earlier_run_and_the_status_age_decides() {
        long now = System.currentTimeMillis();
        new ShipperHeartbeat(now - 600_000, now - 585_000, 0, 4242, true).write(dir.resolve(ShipperHeartbeat.FILE));
        status(now, false, 5000, 5000).write(dir.resolve("status.json"));
        assertThat(CliTest.run("status", "--state-dir", dir.toString()).out()).contains("shipper  OK");
        status(now - 60_000, false, 5000, 5000).write(dir.resolve("status.json"));
        assertThat(CliTest.run("status", "--state-dir", dir.toString()).out()).containsPattern("NOT RUNNING \\(no update for 6[0-9] s\\)");
    }

    @Test
    void status_names_a_suspended_table_with_the_statement_that_resumes_it_and_exits_1() {
        ShipperStatus s = status(System.currentTimeMillis(), false, 5000, 5000);
        new ShipperStatus(s.timeMillis(), s.questdb(), false, null, s.linesRead(), s.rowsShipped(), s.deadLettered(), s.retries(),
                s.lastBatchMs(), s.files(), List.of("fills")).write(dir.resolve("status.json"));
        CliTest.Result held = CliTest.run("status", "--state-dir", dir.toString());
        assertThat(held.code()).isEqualTo(1);
        assertThat(held.out()).contains("HELD: QuestDB WAL suspended for fills", "ALTER TABLE \"fills\" RESUME WAL;");
        assertThat(held.out()).doesNotContain("shipper  OK");
    }

    @Test
    void progress_reports_bytes_rate_and_eta_then_a_summary_when_caught_up() {
        AtomicReference<ShipperStatus> current = new AtomicReference<>();
        AtomicLong lines = new AtomicLong();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        BackfillProgress progress = new BackfillProgress(current::get, lines::get, false, new PrintStream(buf, true, StandardCharsets.UTF_8));
        long t = 0;
        current.set(status(0, false, 100_000_000, 0));
        progress.tick(t);
        // 10 s later: 40 MB and 400,000 lines done.
        t += 10_000_000_000L;
        lines.set(400_000);
        current.set(status(0, false, 100_000_000, 40_000_000));
        progress.tick(t);
        t += 15_000_000_000L;
        lines.set(1_000_000);
        current.set(status(0, false, 100_000_000, 100_000_000));
        progress.tick(t);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("backfill: 0.0 / 100.0 MB (0%)");
        assertThat(out).contains("backfill: 40.0 / 100.0 MB (40%), 40,000 lines/s, ETA 0:00:15");
        assertThat(out).contains("backfill done: 1,000,000 lines, 100.0 MB in 25.0 s (40,000 lines/s)");
    }

    @Test
    void small_backlogs_show_no_progress() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        BackfillProgress progress = new BackfillProgress(() -> status(0, false, 500_000, 0), () -> 0, false,
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        progress.tick(0);
        progress.tick(Duration.ofSeconds(10).toNanos());
        assertThat(buf.size()).isZero();
    }
}
