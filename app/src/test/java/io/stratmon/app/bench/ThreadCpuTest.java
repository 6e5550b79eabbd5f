package io.stratmon.app.bench;

import io.stratmon.app.bench.ThreadCpu.Group;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadCpuTest {

    @Test
    void threads_are_told_apart_by_name_as_java_or_the_kernel_writes_it() {
        assertThat(ThreadCpu.groupOf("stratmon-shipper")).isEqualTo(Group.SHIPPER);
        assertThat(ThreadCpu.groupOf("stratmon-shippe")).isEqualTo(Group.SHIPPER); // comm: 15 characters
        assertThat(ThreadCpu.groupOf("stratmon-shipper-send")).isEqualTo(Group.SHIPPER);
        assertThat(ThreadCpu.groupOf("HttpClient-1-SelectorManager")).isEqualTo(Group.SHIPPER);
        assertThat(ThreadCpu.groupOf("FileSystemWatch")).as("the JDK inotify thread of the directory watch").isEqualTo(Group.SHIPPER);
        assertThat(ThreadCpu.groupOf("shared-network_0")).isEqualTo(Group.QUESTDB);
        assertThat(ThreadCpu.groupOf("wal-apply_1")).isEqualTo(Group.QUESTDB);
        assertThat(ThreadCpu.groupOf("shared-write_0")).isEqualTo(Group.QUESTDB);
        assertThat(ThreadCpu.groupOf("GC Thread#1")).isEqualTo(Group.JVM);
        assertThat(ThreadCpu.groupOf("C2 CompilerThre")).isEqualTo(Group.JVM);
        assertThat(ThreadCpu.groupOf("VM Thread")).isEqualTo(Group.JVM);
        assertThat(ThreadCpu.groupOf("main")).isEqualTo(Group.OTHER);
        assertThat(ThreadCpu.groupOf("bench-poller")).isEqualTo(Group.OTHER);
    }

    @Test
    void schedstat_gives_nanoseconds_on_the_cpu() {
        assertThat(ThreadCpu.runNanos("123456789 2000 17\n")).isEqualTo(123_456_789L);
    }

    @Test
    void schedstat_gives_how_many_times_the_thread_was_put_on_a_cpu() {
        assertThat(ThreadCpu.runCount("123456789 2000 17\n")).isEqualTo(17L);
        assertThat(ThreadCpu.runCount("123456789")).isZero();
    }

    @Test
    void a_busy_thread_named_like_the_shipper_is_counted_as_the_shipper_and_not_as_anything_else() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicLong spent = new AtomicLong();
        ThreadCpu.Sample before = ThreadCpu.sample();
        Thread busy = new Thread(() -> {
            long start = mx.getCurrentThreadCpuTime();
            long x = 0;
            while (mx.getCurrentThreadCpuTime() - start < 300_000_000L) x += System.nanoTime() % 7; // 300 ms of CPU
            spent.set(mx.getCurrentThreadCpuTime() - start + (x & 0));
            synchronized (spent) {
                try {
                    spent.wait(5_000); // stay alive until sampled: a thread that ended takes its time with it
                } catch (InterruptedException ignored) {
                    // ends
                }
            }
        }, "stratmon-shipper-test");
        busy.start();
        while (spent.get() == 0) Thread.sleep(5);
        ThreadCpu.Sample after = ThreadCpu.sample().minus(before);
        synchronized (spent) {
            spent.notifyAll();
        }
        busy.join();
        assertThat(after.nanos(Group.SHIPPER)).isGreaterThanOrEqualTo(spent.get() * 9 / 10);
        // Nothing else in this test JVM is that busy: the 300 ms did not land in another group.
        assertThat(after.nanos(Group.OTHER)).isLessThan(spent.get());
        assertThat(after.total()).isGreaterThanOrEqualTo(after.nanos(Group.SHIPPER));
        assertThat(after.percentOfCore(Group.SHIPPER)).isGreaterThan(0);
    }
}
