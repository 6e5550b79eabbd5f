package io.stratmon.app.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

class PeakRssTest {

    @Test
    void the_peak_and_current_sizes_are_read_from_proc_status_in_bytes() {
        String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
        assertThat(PeakRss.parseKb(status, "VmHWM:")).isEqualTo(200L << 20);
        assertThat(PeakRss.parseKb(status, "VmRSS:")).isEqualTo(100L << 20);
        assertThat(PeakRss.parseKb(status, "VmSwap:")).isEqualTo(-1);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void the_peak_of_this_process_is_at_least_its_current_size() {
        long current = PeakRss.currentBytes();
        assertThat(current).isPositive();
        assertThat(PeakRss.peakBytes()).isGreaterThanOrEqualTo(current * 9 / 10);
    }
}
