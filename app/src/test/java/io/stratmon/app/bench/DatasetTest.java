package io.stratmon.app.bench;

import io.stratmon.shipper.Converted;
import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.LineConverter;
import io.stratmon.shipper.mapping.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetTest {

    @Test
    void the_mix_is_40_30_22_8_percent_in_every_round_of_50_lines() {
        for (int round = 0; round < 3; round++) {
            long[] counts = new long[4];
            for (int i = round * 50; i < round * 50 + 50; i++) counts[Dataset.MIXED.kindOf(i)]++;
            assertThat(counts).containsExactly(20, 15, 11, 4);
        }
        assertThat(Dataset.MIXED.counts(1_000_000)).containsExactly(400_000, 300_000, 220_000, 80_000);
        assertThat(Dataset.MIXED.counts(51)).containsExactly(21, 15, 11, 4);
        assertThat(Dataset.REFERENCE.counts(7)).containsExactly(7);
    }

    @Test
    void the_mix_interleaves_its_tables_instead_of_running_one_table_after_another() {
        int longestRun = 0, run = 0;
        for (int i = 1; i < 500; i++) {
            run = Dataset.MIXED.kindOf(i) == Dataset.MIXED.kindOf(i - 1) ? run + 1 : 0;
            longestRun = Math.max(longestRun, run);
        }
        assertThat(longestRun).isLessThanOrEqualTo(2);
    }

    @Test
    void every_line_becomes_a_row_of_its_table_with_the_columns_issue_11_lists(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("mixed.jsonl");
        long bytes = Dataset.MIXED.write(log, 1_000);
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(1_000);
        assertThat(bytes).isEqualTo(Files.size(log));
        LineConverter converter = LineConverter.offline(InputConfig.of(List.of(log.toString())));
        Map<String, TreeSet<String>> columns = new HashMap<>();
        Map<String, Integer> rows = new HashMap<>();
        for (String line : lines) {
            Converted c = converter.convert(line);
            assertThat(c).as(line).isInstanceOf(Converted.Ok.class);
            Row row = ((Converted.Ok) c).row();
            rows.merge(row.table(), 1, Integer::sum);
            columns.computeIfAbsent(row.table(), t -> new TreeSet<>())
                    .addAll(row.columns().stream().map(Row.Column::name).collect(Collectors.toSet()));
        }
        assertThat(rows).containsOnly(Map.entry("price_log", 400), Map.entry("order_fill", 300),
                Map.entry("http_request", 220), Map.entry("risk_check", 80));
        assertThat(columns.get("order_fill")).contains("symbol", "side", "qty", "price", "latency_us", "order_id");
        assertThat(columns.get("http_request")).contains("method", "path", "status", "duration_ms", "bytes");
        assertThat(columns.get("risk_check")).contains("account", "exposure", "limit_usd", "utilization");
        assertThat(columns.get("price_log")).contains("level", "price");
    }

    @Test
    void the_same_dataset_writes_the_same_bytes_twice(@TempDir Path dir) throws Exception {
        Dataset.MIXED.write(dir.resolve("a"), 500);
        Dataset.MIXED.write(dir.resolve("b"), 500);
        assertThat(Files.readAllBytes(dir.resolve("a"))).isEqualTo(Files.readAllBytes(dir.resolve("b")));
    }

    @Test
    void an_unknown_dataset_is_refused_with_the_names_that_exist() {
        assertThat(Dataset.parse("Mixed")).isEqualTo(Dataset.MIXED);
        assertThatThrownBy(() -> Dataset.parse("mix")).hasMessageContaining("[value=mix, expected one of [reference, mixed]]");
    }
}
