package io.stratmon.trader;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DemoTraderTest {

    private static TraderOptions quiet(Path file) {
        return TraderOptions.defaults(file).withConsole(false).withSeed(1);
    }

    /** Runs the trader on its own thread, as the CLI's demo command does. */
    private static FutureTask<Long> startInBackground(DemoTrader trader) {
        var task = new FutureTask<>(trader::run);
        var thread = new Thread(task, "demo-trader-test");
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    @Test
    void stop_from_another_thread_ends_run_promptly_leaving_only_complete_lines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stop.jsonl");
        try (DemoTrader trader = new DemoTrader(quiet(file).withRate(5_000))) {
            FutureTask<Long> run = startInBackground(trader);
            await().atMost(Duration.ofSeconds(10)).until(() -> trader.eventsWritten() >= 500);

            trader.stop();
            long written = run.get(5, TimeUnit.SECONDS);

            assertThat(written).isGreaterThanOrEqualTo(500).isEqualTo(trader.eventsWritten());
            assertThat(Files.readString(file)).endsWith("\n");
            assertThat(JsonLines.read(file)).hasSize((int) written);
        }
    }

    @Test
    void interrupting_the_thread_ends_run_and_keeps_the_interrupt_flag(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("interrupt.jsonl");
        try (DemoTrader trader = new DemoTrader(quiet(file).withRate(1_000))) {
            var stillInterrupted = new AtomicBoolean();
            var written = new long[1];
            Thread thread = new Thread(() -> {
                written[0] = trader.run();
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            thread.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> trader.eventsWritten() >= 20);

            thread.interrupt();
            thread.join(5_000);

            assertThat(thread.isAlive()).isFalse();
            assertThat(stillInterrupted).isTrue();
            assertThat(JsonLines.read(file)).hasSize((int) written[0]);
        }
    }

    @Test
    void a_timed_run_writes_exactly_the_events_due_before_its_end(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("timed.jsonl");
        long started = System.nanoTime();
        try (DemoTrader trader = new DemoTrader(quiet(file).withRate(100).withDuration(Duration.ofMillis(300)))) {
            // Events are due at 0, 10, ..., 290 ms.
            assertThat(trader.run()).isEqualTo(30);
        }
        assertThat(System.nanoTime() - started).as("run() lasts the whole duration").isGreaterThanOrEqualTo(300_000_000L);
        assertThat(JsonLines.read(file)).hasSize(30);
    }

    @Test
    void at_a_low_rate_each_line_is_in_the_file_as_soon_as_it_is_counted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tail.jsonl");
        try (DemoTrader trader = new DemoTrader(quiet(file).withRate(50))) {
            FutureTask<Long> run = startInBackground(trader);
            for (long expected = 1; expected <= 10; expected += 3) {
                long target = expected;
                await().atMost(Duration.ofSeconds(10)).until(() -> trader.eventsWritten() >= target);
                long counted = trader.eventsWritten();
                assertThat(Files.readAllLines(file).size()).isGreaterThanOrEqualTo((int) counted);
            }
            trader.stop();
            run.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void at_a_high_rate_lines_reach_the_file_during_the_run_not_only_at_its_end(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fast.jsonl");
        try (DemoTrader trader = new DemoTrader(quiet(file).withRate(50_000))) {
            FutureTask<Long> run = startInBackground(trader);
            for (long target : new long[] {1_000, 5_000, 20_000}) {
                await().atMost(Duration.ofSeconds(10)).until(() -> trader.eventsWritten() >= target);
                long counted = trader.eventsWritten();
                // Count newlines only: the very end of the file may be a burst the kernel is still copying.
                long completeLines = Files.readString(file).chars().filter(c -> c == '\n').count();
                assertThat(completeLines).isGreaterThanOrEqualTo(counted);
            }
            trader.stop();
            // Wait for run() to return before reading: it writes until then.
            long written = run.get(5, TimeUnit.SECONDS);
            assertThat(JsonLines.read(file)).hasSize((int) written);
        }
    }

    @Test
    void an_existing_file_is_appended_to_and_keeps_its_lines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs/append.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"event\":\"from_before\"}\n");
        try (DemoTrader trader = new DemoTrader(quiet(file).withRate(TraderOptions.MAX_RATE).withCount(10))) {
            trader.run();
        }
        List<String> afterFirst = Files.readAllLines(file);

        try (DemoTrader trader = new DemoTrader(quiet(file).withRate(TraderOptions.MAX_RATE).withCount(10))) {
            trader.run();
        }

        List<String> afterSecond = Files.readAllLines(file);
        assertThat(afterFirst).hasSize(11).first().isEqualTo("{\"event\":\"from_before\"}");
        assertThat(afterSecond).hasSize(21).startsWith(afterFirst.toArray(String[]::new));
    }

    @Test
    void with_the_console_on_the_same_lines_go_to_standard_output(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("console.jsonl");
        PrintStream stdout = System.out;
        var captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (DemoTrader trader = new DemoTrader(quiet(file).withConsole(true).withRate(TraderOptions.MAX_RATE).withCount(50))) {
            trader.run();
        } finally {
            System.setOut(stdout);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo(Files.readString(file));
    }

    @Test
    void missing_directories_are_created(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a/b/c/trader.jsonl");
        try (DemoTrader trader = new DemoTrader(quiet(file).withRate(TraderOptions.MAX_RATE).withCount(3))) {
            trader.run();
        }
        assertThat(JsonLines.read(file)).hasSize(3);
    }

    @Test
    void the_global_logback_configuration_is_untouched(@TempDir Path dir) throws Exception {
        var global = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = global.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var spy = new ListAppender<ILoggingEvent>();
        spy.setContext(global);
        spy.start();
        root.addAppender(spy);
        Level rootLevel = root.getLevel();
        List<String> appendersBefore = appenderNames(root);
        try {
            Path file = dir.resolve("private.jsonl");
            try (DemoTrader trader = new DemoTrader(quiet(file).withRate(TraderOptions.MAX_RATE).withCount(2_000))) {
                trader.run();
            }
            LoggerFactory.getLogger(DemoTraderTest.class).info("global logging still works");

            assertThat(JsonLines.read(file)).hasSize(2_000);
            assertThat(spy.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("global logging still works");
            assertThat(root.getLevel()).isEqualTo(rootLevel);
            assertThat(appenderNames(root)).isEqualTo(appendersBefore);
            assertThat(global.exists(JsonLogWriter.LOGGER_NAME)).as("the trader's logger lives elsewhere").isNull();
            assertThat(global.isStarted()).isTrue();
        } finally {
            root.detachAppender(spy);
        }
    }

    @Test
    void invalid_options_are_refused_listing_every_problem(@TempDir Path dir) {
        TraderOptions bad = quiet(dir.resolve("x.jsonl")).withRate(0).withCount(-1);

        assertThatThrownBy(() -> new DemoTrader(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate: must be > 0")
                .hasMessageContaining("count: must be >= 0");
        assertThat(dir.resolve("x.jsonl")).doesNotExist();
    }

    @Test
    void a_log_file_that_cannot_be_opened_fails_at_construction_naming_the_path(@TempDir Path dir) {
        assertThatThrownBy(() -> new DemoTrader(quiet(dir)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot open trader log [path=" + dir);
    }

    @Test
    void a_trader_runs_once_and_stop_before_run_makes_run_return_at_once(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("once.jsonl");
        try (DemoTrader trader = new DemoTrader(quiet(file))) {
            trader.stop();
            assertThat(trader.run()).isZero();
            assertThatThrownBy(trader::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("runs once");
        }
        assertThat(JsonLines.read(file)).isEmpty();
    }

    @Test
    void close_stops_a_running_trader_and_waits_for_it(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("close.jsonl");
        DemoTrader trader = new DemoTrader(quiet(file).withRate(2_000));
        FutureTask<Long> run = startInBackground(trader);
        await().atMost(Duration.ofSeconds(10)).until(() -> trader.eventsWritten() >= 100);

        trader.close();

        // close() returned after run() did: the count is final and every counted line is in the closed file.
        long counted = trader.eventsWritten();
        List<ObjectNode> lines = JsonLines.read(file);
        assertThat(lines).hasSize((int) counted);
        assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo(counted);
    }

    private static List<String> appenderNames(ch.qos.logback.classic.Logger logger) {
        var names = new ArrayList<String>();
        logger.iteratorForAppenders().forEachRemaining((Appender<ILoggingEvent> a) -> names.add(a.getName()));
        return names;
    }
}
