package io.stratmon.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LogLineEncoderTest {
    private final LoggerContext context = new LoggerContext();

    @Test
    void a_line_reads_exactly_as_logbacks_pattern_layout_writes_the_same_pattern() {
        PatternLayout layout = layout();
        for (long t : new long[] {0L, 1_764_590_400_123L, 1_764_633_599_999L, 1_780_000_000_007L}) {
            for (Level level : new Level[] {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR}) {
                LoggingEvent e = event("io.stratmon.shipper.Shipper", level, "Shipper started [inputs={}]", null, "a.jsonl");
                e.setTimeStamp(t);
                assertThat(encoded(e)).isEqualTo(layout.doLayout(e));
            }
        }
    }

    @Test
    void a_stack_trace_follows_its_line_as_the_pattern_layout_writes_it() {
        LoggingEvent e = event("io.stratmon.shipper.Shipper", Level.ERROR, "Shipper stopped on an unexpected error",
                new IllegalStateException("boom", new java.io.IOException("disk")), new Object[0]);
        String line = encoded(e);
        assertThat(line).isEqualTo(layout().doLayout(e));
        assertThat(line).contains("java.lang.IllegalStateException: boom", "Caused by: java.io.IOException: disk",
                "\tat io.stratmon.app.LogLineEncoderTest");
    }

    @Test
    void a_logger_name_without_a_package_and_a_message_with_no_arguments_are_written_as_they_are() {
        LoggingEvent e = event("stratmon", Level.WARN, "100% {} done", null);
        assertThat(encoded(e)).isEqualTo(layout().doLayout(e)).endsWith("WARN  stratmon - 100% {} done" + System.lineSeparator());
    }

    private String encoded(LoggingEvent e) {
        LogLineEncoder encoder = new LogLineEncoder();
        encoder.setContext(context);
        encoder.start();
        return new String(encoder.encode(e), StandardCharsets.UTF_8);
    }

    private PatternLayout layout() {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(LogConfigurator.PATTERN);
        layout.start();
        return layout;
    }

    private LoggingEvent event(String logger, Level level, String message, Throwable thrown, Object... args) {
        return new LoggingEvent("fqcn", context.getLogger(logger), level, message, thrown, args);
    }
}
