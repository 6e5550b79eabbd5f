package io.stratmon.app.metrics;

import io.stratmon.shipper.ShipperMetrics;
import io.stratmon.shipper.ShipperStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ShipperMetersTest {
    final ShipperMetrics shipper = new ShipperMetrics();
    final AtomicReference<ShipperStatus> status = new AtomicReference<>();
    final StratmonMetrics metrics = StratmonMetrics.create();

    @AfterEach
    void close() {
        metrics.close();
    }

    static ShipperStatus withFiles(int n) {
        List<ShipperStatus.FileStatus> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(new ShipperStatus.FileStatus("/var/log/bot/f" + i + ".jsonl", "1:" + i, "s" + i, 0, i, i, i, 0, 0, 0, false, null));
        }
        return new ShipperStatus(0, "http://127.0.0.1:9000", false, null, 0, 0, 0, 0, 1.5, files, List.of("fills"));
    }

    static List<String> series(String text, String family) {
        return text.lines().filter(l -> l.startsWith(family + "{") || l.startsWith(family + " ")).toList();
    }

    @Test
    void names_follow_prometheus_conventions_with_base_units_and_total_counters_and_pass_promtool() throws Exception {
        status.set(withFiles(3));
        metrics.bind(new ShipperMeters(shipper, status::get));
        String text = metrics.scrape();
        assertThat(text).contains("stratmon_shipper_lines_read_total 0.0", "stratmon_shipper_read_bytes_total 0.0",
                "stratmon_shipper_rows_shipped_total", "stratmon_shipper_retries_total", "stratmon_shipper_batches_total",
                "stratmon_shipper_new_tables_total", "stratmon_shipper_dead_letters_total{reason=\"questdb\"} 0.0",
                "stratmon_shipper_open_files 3.0", "stratmon_shipper_behind_bytes 3.0", "stratmon_shipper_behind_seconds 2.0",
                "stratmon_shipper_suspended_tables 1.0", "stratmon_shipper_retrying 0.0",
                "stratmon_shipper_last_ack_timestamp_seconds 0.0",
                "stratmon_shipper_file_behind_bytes{file=\"/var/log/bot/f2.jsonl\"} 2.0",
                "stratmon_shipper_file_behind_seconds{file=\"/var/log/bot/f1.jsonl\"} 1.0",
                "# TYPE stratmon_shipper_lag_seconds histogram", "stratmon_shipper_lag_seconds_bucket{le=\"0.1\"} 0",
                "stratmon_shipper_lag_seconds_bucket{le=\"86400.0\"} 0",
                "# TYPE stratmon_shipper_batch_duration_seconds histogram",
                "stratmon_build_info{java_version=", "jvm_memory_used_bytes", "process_uptime_seconds");
        assertThat(series(text, "stratmon_shipper_dead_letters_total")).extracting(l -> l.replaceAll("^.*reason=\"([a-z]+)\".*$", "$1"))
                .containsExactlyInAnyOrder("read", "parse", "mapping", "check", "questdb");
        Promtool.assertValid(text);
    }

    @Test
    void per_file_series_are_capped_at_the_files_furthest_behind_and_the_rest_summed_into_other() {
        status.set(withFiles(ShipperMeters.MAX_FILE_SERIES + 50));
        metrics.bind(new ShipperMeters(shipper, status::get));
        String text = metrics.scrape();
        List<String> bytes = series(text, "stratmon_shipper_file_behind_bytes");
        assertThat(bytes).hasSize(ShipperMeters.MAX_FILE_SERIES + 1);
        assertThat(bytes).anyMatch(l -> l.contains("file=\"/var/log/bot/f149.jsonl\""))
                .noneMatch(l -> l.contains("file=\"/var/log/bot/f49.jsonl\""));
        long rest = 0;
        for (int i = 0; i < 50; i++) rest += i;
        assertThat(bytes).contains("stratmon_shipper_file_behind_bytes{file=\"_other\"} " + (double) rest);
        assertThat(series(text, "stratmon_shipper_open_files")).containsExactly("stratmon_shipper_open_files 150.0");
    }

    @Test
    void files_that_went_away_lose_their_series_at_the_next_scrape() {
        status.set(withFiles(5));
        metrics.bind(new ShipperMeters(shipper, status::get));
        assertThat(series(metrics.scrape(), "stratmon_shipper_file_behind_bytes")).hasSize(5);
        status.set(withFiles(2));
        assertThat(series(metrics.scrape(), "stratmon_shipper_file_behind_bytes")).hasSize(2)
                .noneMatch(l -> l.contains("f4.jsonl"));
    }

    @Test
    void before_the_first_snapshot_every_meter_is_zero_not_an_error() {
        metrics.bind(new ShipperMeters(shipper, status::get));
        assertThat(metrics.scrape()).contains("stratmon_shipper_open_files 0.0", "stratmon_shipper_behind_bytes 0.0")
                .doesNotContain("stratmon_shipper_file_behind_bytes{");
    }
}
