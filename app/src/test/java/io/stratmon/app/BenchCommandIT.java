package io.stratmon.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code stratmon bench}, small: both modes run to the end and print every figure of their table. */
class BenchCommandIT {

    @Test
    void a_small_backlog_bench_prints_rates_cpu_per_line_and_row_and_peak_rss(@TempDir Path dir) {
        CliTest.Result r = CliTest.run("bench", "--lines", "20000", "--dataset", "mixed", "--dir", dir.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(number(r.out(), "lines/s until all visible\\s+([\\d,]+)")).isPositive();
        assertThat(number(r.out(), "shipper CPU µs/line \\(its threads\\)\\s+([\\d.]+)")).isPositive();
        assertThat(number(r.out(), "QuestDB CPU µs/row \\(its workers\\)\\s+([\\d.]+)")).isPositive();
        assertThat(number(r.out(), "peak RSS while shipping\\s+([\\d,]+) MB")).isGreaterThan(50);
    }

    @Test
    void a_live_bench_prints_freshness_and_cpu_percent_over_the_window_after_its_warm_up_and_every_row_arrives(@TempDir Path dir) {
        CliTest.Result r = CliTest.run("bench", "--live", "500", "--warmup", "2s", "--duration", "3s", "--dir", dir.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("live: 500 reference lines/s, measured over ", " s after a 2 s warm-up",
                "freshness, append → visible", "ILP requests/s").doesNotContain("WARNING");
        double p50 = number(r.out(), "at most \\(poll answered\\)\\s+([\\d.]+) ms");
        assertThat(p50).isPositive().isLessThan(5_000);
        assertThat(number(r.out(), "shipper \\(its threads\\)\\s+([\\d.]+)%")).isPositive();
        // The window is 3 s; on a loaded machine the writer's loop may see its end a little late.
        assertThat(number(r.out(), "measured over ([\\d.]+) s")).isBetween(3.0, 6.0);
        // The writer keeps its pace from the warm-up's start: held up across the window's start, it writes its backlog
        // in the window; held up at its end, it stops with lines still due. At most the whole run's 5 s of lines.
        double lines = number(r.out(), "warm-up \\(([\\d,]+) lines\\)");
        assertThat(lines).as("lines appended in the window").isBetween(500.0, 2_501.0);
        // Timed: every line of the window, and those of a write that began a moment before it and was handed over in it.
        assertThat(number(r.out(), "\\(([\\d,]+) rows timed")).as("rows timed: every line of the window").isBetween(lines, lines + 50);
    }

    @Test
    void an_unknown_dataset_exits_2_without_starting_anything() {
        assertThat(CliTest.run("bench", "--dataset", "nope").code()).isEqualTo(2);
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertThat(m.find()).as("no match for " + regex + " in:\n" + out).isTrue();
        return Double.parseDouble(m.group(1).replace(",", ""));
    }
}
