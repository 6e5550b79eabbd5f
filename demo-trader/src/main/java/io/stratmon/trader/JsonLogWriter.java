package io.stratmon.trader;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.FileSize;
import net.logstash.logback.composite.loggingevent.KeyValuePairsJsonProvider;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Sets up the logback that writes the trader's JSON lines: a private {@link LoggerContext} with a file appender
 * and, optionally, a console appender.
 *
 * <p>The context is built in code and never registered anywhere, so the process's own logging (the global
 * context behind {@code LoggerFactory}) is neither read nor changed, and trader events never reach its appenders.
 * Each line is {@code {"timestamp":...,"event":...,"level":...,<fields>}}, nothing else.
 *
 * <p>The file appender buffers ({@code immediateFlush=false}, 64 KiB) and the caller decides when lines reach the
 * file with {@link #flush()}: the trader flushes after every burst, so at low rates that is after every line.
 */
final class JsonLogWriter implements AutoCloseable {
    static final String LOGGER_NAME = "io.stratmon.trader.events";
    static final String TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSX";
    private static final FileSize FILE_BUFFER = new FileSize(64 * 1024);

    private final LoggerContext context;
    private final FlushableFileAppender<ILoggingEvent> file;
    private final Logger logger;

    private JsonLogWriter(LoggerContext context, FlushableFileAppender<ILoggingEvent> file, Logger logger) {
        this.context = context;
        this.file = file;
        this.logger = logger;
    }

    /** Opens {@code path} for appending (creating missing directories) and, if asked, standard output too. */
    static JsonLogWriter open(Path path, boolean console) {
        LoggerContext context = new LoggerContext();
        context.setName("stratmon-demo-trader");
        // A fresh context has no MDC adapter and every append would fail on it. A private one also keeps the
        // application's MDC entries out of the trader's lines.
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();

        var file = new FlushableFileAppender<ILoggingEvent>();
        file.setContext(context);
        file.setName("trader-file");
        file.setFile(path.toString());
        file.setAppend(true);
        file.setImmediateFlush(false);
        file.setBufferSize(FILE_BUFFER);
        start(file, context);
        if (!file.isStarted()) {
            String error = firstError(context);
            context.stop();
            throw new UncheckedIOException(new IOException("cannot open trader log [path=" + path + ", error=" + error + "]"));
        }

        ch.qos.logback.classic.Logger logger = context.getLogger(LOGGER_NAME);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(file);
        if (console) {
            var stdout = new ConsoleAppender<ILoggingEvent>();
            stdout.setContext(context);
            stdout.setName("trader-console");
            start(stdout, context);
            logger.addAppender(stdout);
        }
        return new JsonLogWriter(context, file, logger);
    }

    /** The logger to write events with; it goes nowhere once this writer is closed. */
    Logger logger() {
        return logger;
    }

    /** Makes every line logged so far visible in the file. */
    void flush() {
        file.flush();
    }

    /** Flushes and closes the file. Idempotent. */
    @Override
    public void close() {
        context.stop();
    }

    private static void start(OutputStreamAppender<ILoggingEvent> appender, LoggerContext context) {
        appender.setEncoder(encoder(context));
        appender.start();
    }

    /** Field order and names of every line: timestamp, event, level, then the event's key/value pairs. */
    private static LoggingEventCompositeJsonEncoder encoder(LoggerContext context) {
        var timestamp = new LoggingEventFormattedTimestampJsonProvider();
        timestamp.setFieldName("timestamp");
        timestamp.setPattern(TIMESTAMP_PATTERN);
        timestamp.setTimeZone("UTC");
        var message = new MessageJsonProvider();
        message.setFieldName("event");
        var level = new LogLevelJsonProvider();
        level.setFieldName("level");

        var providers = new LoggingEventJsonProviders();
        providers.addTimestamp(timestamp);
        providers.addMessage(message);
        providers.addLogLevel(level);
        providers.addKeyValuePairs(new KeyValuePairsJsonProvider());

        var encoder = new LoggingEventCompositeJsonEncoder();
        encoder.setContext(context);
        encoder.setProviders(providers);
        encoder.setLineSeparator("UNIX");
        encoder.start();
        return encoder;
    }

    private static String firstError(LoggerContext context) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() == Status.ERROR)
                .map(s -> s.getThrowable() == null ? s.getMessage() : s.getMessage() + ": " + s.getThrowable())
                .findFirst().orElse("unknown");
    }
}
