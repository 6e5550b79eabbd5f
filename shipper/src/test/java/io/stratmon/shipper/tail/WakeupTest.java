package io.stratmon.shipper.tail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reading thread's sleep: a minimum that signals do not cut short, and signals that a poll has covered forgotten. */
class WakeupTest {
    final Wakeup wakeup = new Wakeup();

    long timed(ThrowingRunnable r) throws Exception {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void a_signal_before_the_minimum_ends_the_wait_at_the_minimum_not_before() throws Exception {
        wakeup.signal();
        boolean[] signalled = {false};
        long ms = timed(() -> signalled[0] = wakeup.await(100, 5_000));
        assertThat(signalled[0]).isTrue();
        assertThat(ms).isBetween(95L, 3_000L);
    }

    @Test
    void without_a_signal_it_waits_past_the_minimum_until_the_first_one() throws Exception {
        Thread signaller = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            wakeup.signal();
        });
        signaller.start();
        long ms = timed(() -> assertThat(wakeup.await(50, 10_000)).isTrue());
        signaller.join();
        assertThat(ms).isBetween(250L, 5_000L);
    }

    @Test
    void no_signal_at_all_returns_false_at_the_maximum() throws Exception {
        long ms = timed(() -> assertThat(wakeup.await(10, 150)).isFalse());
        assertThat(ms).isGreaterThanOrEqualTo(145L);
    }

    @Test
    void a_cleared_signal_does_not_end_the_next_wait() throws Exception {
        wakeup.signal();
        wakeup.clear();
        assertThat(wakeup.await(100)).isFalse();
        wakeup.signal();
        assertThat(wakeup.await(5_000)).isTrue();
    }
}
