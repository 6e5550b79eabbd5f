package io.stratmon.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;

import java.nio.charset.StandardCharsets;
import java.util.TimeZone;

/**
 * stratmon's log line, written out by hand: the same text as the pattern {@code %d{HH:mm:ss.SSS} %-5level %logger{0}
 * - %msg%n} (then the stack trace, if any), without logback's {@code PatternLayout}. That layout registers about 80
 * converters and parses the pattern when it starts, a good part of logging's set-up, which every {@code ship} pays
 * before its first line is shipped.
 */
final class LogLineEncoder extends EncoderBase<ILoggingEvent> {
    private static final byte[] NONE = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return format(event).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }

    /** The line, as {@link LogConfigurator#PATTERN} would write it (local time). */
    static String format(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        long millis = event.getTimeStamp();
        long local = Math.floorMod(millis + TimeZone.getDefault().getOffset(millis), 86_400_000L);
        two(line, (int) (local / 3_600_000)).append(':');
        two(line, (int) (local / 60_000 % 60)).append(':');
        two(line, (int) (local / 1000 % 60)).append('.');
        int ms = (int) (local % 1000);
        line.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10)).append(' ');
        String level = event.getLevel().toString();
        line.append(level);
        for (int i = level.length(); i < 5; i++) line.append(' ');
        String logger = event.getLoggerName();
        line.append(' ').append(logger, logger.lastIndexOf('.') + 1, logger.length()).append(" - ")
                .append(event.getFormattedMessage()).append(System.lineSeparator());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) line.append(ThrowableProxyUtil.asString(thrown)); // ends with its own line separator
        return line.toString();
    }

    private static StringBuilder two(StringBuilder line, int value) {
        return line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
