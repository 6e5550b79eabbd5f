package io.stratmon.shipper.checkpoint;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.stratmon.shipper.tail.FileId;
import io.stratmon.shipper.testing.InMemoryCheckpointStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class RetryingCheckpointStoreTest {
    private final InMemoryCheckpointStore disk = new InMemoryCheckpointStore();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicBoolean deadLettersDurable = new AtomicBoolean(true);
    private final RetryingCheckpointStore store = new RetryingCheckpointStore(disk, deadLettersDurable::get, nanos::get, "mem");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(RetryingCheckpointStore.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    private static Checkpoint at(long offset) {
        return new Checkpoint(new FileId(1, 2), 3, "a.log", offset, 0);
    }

    private void advanceMs(long ms) {
        nanos.addAndGet(ms * 1_000_000);
    }

    @Test
    void a_write_that_fails_never_throws_and_the_latest_set_is_written_once_the_dir_is_back() {
        store.commit(List.of(at(10)));
        disk.unwritable(true);
        assertThatCode(() -> store.commit(List.of(at(20)))).doesNotThrowAnyException();
        assertThat(store.durable()).isFalse();
        advanceMs(60_000);
        store.commit(List.of(at(30)));
        assertThat(disk.committed()).containsExactly(at(10));
        disk.unwritable(false);
        advanceMs(60_000);
        store.commit(List.of(at(40)));
        assertThat(disk.committed()).containsExactly(at(40));
        assertThat(store.durable()).isTrue();
        assertThat(store.failedAttempts()).isZero();
    }

    @Test
    void retries_back_off_doubling_up_to_the_cap_so_a_busy_pipeline_does_not_hammer_a_broken_disk() {
        disk.unwritable(true);
        store.commit(List.of(at(1)));              // attempt 1 fails: next in 100 ms
        for (int i = 0; i < 50; i++) store.commit(List.of(at(2 + i)));
        assertThat(disk.failedCommits()).as("no attempt before the backoff is over").isEqualTo(1);
        long[] waits = {100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000};
        for (long wait : waits) {
            advanceMs(wait - 1);
            store.writePending();
            int before = disk.failedCommits();
            advanceMs(1);
            store.writePending();
            assertThat(disk.failedCommits()).as("attempt after %d ms", wait).isEqualTo(before + 1);
        }
    }

    @Test
    void the_failure_and_the_recovery_are_each_logged_once() {
        disk.unwritable(true);
        for (int i = 0; i < 20; i++) {
            store.commit(List.of(at(i)));
            advanceMs(20_000);
        }
        disk.unwritable(false);
        store.commit(List.of(at(99)));
        store.commit(List.of(at(100)));
        assertThat(logs.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO);
        assertThat(logs.list.get(0).getFormattedMessage()).contains("Cannot write checkpoints", "path=mem", "unwritable");
        assertThat(logs.list.get(1).getFormattedMessage()).contains("Checkpoints written again", "failedAttempts=20");
    }

    @Test
    void write_pending_catches_up_without_a_new_commit_when_the_files_are_idle() {
        disk.unwritable(true);
        store.commit(List.of(at(5)));
        disk.unwritable(false);
        assertThat(store.writePending()).as("still backing off").isFalse();
        advanceMs(100);
        assertThat(store.writePending()).isTrue();
        assertThat(disk.committed()).containsExactly(at(5));
    }

    @Test
    void a_checkpoint_waits_while_the_dead_letters_it_skips_are_not_durable() {
        deadLettersDurable.set(false);
        store.commit(List.of(at(7)));
        assertThat(disk.commits()).isZero();
        assertThat(store.durable()).isFalse();
        deadLettersDurable.set(true);
        store.commit(List.of(at(8)));
        assertThat(disk.committed()).containsExactly(at(8));
    }

    @Test
    void a_crash_inside_the_write_is_retried_like_any_failure() {
        disk.crashOnNextCommit();
        store.commit(List.of(at(1)));
        advanceMs(100);
        store.writePending();
        assertThat(disk.committed()).containsExactly(at(1));
    }
}
