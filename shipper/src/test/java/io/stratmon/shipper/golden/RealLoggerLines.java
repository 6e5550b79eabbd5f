package io.stratmon.shipper.golden;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import net.logstash.logback.encoder.LogstashEncoder;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.slf4j.event.KeyValuePair;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Lines written by the real logging libraries, with fixed times, threads and stack traces so they are the same on
 * every run: logstash-logback-encoder's {@code LogstashEncoder} (defaults) and Log4j2's {@code JsonTemplateLayout}
 * with {@code EcsLayout.json}.
 */
final class RealLoggerLines {
    private RealLoggerLines() {}

    static final StackTraceElement[] STACK = {
            new StackTraceElement("io.example.Strategy", "onTick", "Strategy.java", 42),
            new StackTraceElement("io.example.Main", "main", "Main.java", 7)};

    static List<String> logstash() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.setTimeZone("UTC");
        encoder.start();
        LogstashEncoder paris = new LogstashEncoder();
        paris.setContext(context);
        paris.setTimeZone("Europe/Paris");
        paris.start();
        ch.qos.logback.classic.Logger logger = context.getLogger("io.example.Strategy");
        List<String> lines = new ArrayList<>();

        LoggingEvent fill = event(logger, Level.INFO, "order filled {} {}", "2026-11-27T10:00:00.123456Z",
                new Object[] {kv("symbol", "BTC-USD"), kv("qty", 10)}, Map.of("event", "fill"));
        fill.addKeyValuePair(new KeyValuePair("price", 91000.5));
        fill.addKeyValuePair(new KeyValuePair("maker", true));
        lines.add(text(encoder.encode(fill)));

        LoggingEvent plain = event(logger, Level.WARN, "feed is slow", "2026-11-27T10:00:01.5Z", null, Map.of());
        lines.add(text(encoder.encode(plain)));

        LoggingEvent error = event(logger, Level.ERROR, "order rejected", "2026-11-27T10:00:02Z", null, Map.of("event", "order_rejected"));
        IllegalStateException boom = new IllegalStateException("insufficient margin, need=\"5\"");
        boom.setStackTrace(STACK);
        error.setThrowableProxy(new ThrowableProxy(boom));
        lines.add(text(encoder.encode(error)));

        LoggingEvent offset = event(logger, Level.INFO, "local time", "2026-11-27T10:00:03.001Z", null, Map.of());
        lines.add(text(paris.encode(offset)));
        context.stop();
        return lines;
    }

    private static LoggingEvent event(ch.qos.logback.classic.Logger logger, Level level, String message, String time, Object[] args,
                                      Map<String, String> mdc) {
        LoggingEvent e = new LoggingEvent(RealLoggerLines.class.getName(), logger, level, message, null, args);
        e.setInstant(Instant.parse(time));
        e.setThreadName("strategy-1");
        e.setMDCPropertyMap(new LinkedHashMap<>(mdc));
        return e;
    }

    static List<String> ecs() {
        JsonTemplateLayout layout = JsonTemplateLayout.newBuilder().setConfiguration(new DefaultConfiguration())
                .setEventTemplateUri("classpath:EcsLayout.json").build();
        List<String> lines = new ArrayList<>();
        SortedArrayStringMap fill = new SortedArrayStringMap();
        fill.putValue("event.action", "fill");
        fill.putValue("symbol", "BTC-USD");
        fill.putValue("qty", "10");
        fill.putValue("price", "91000.5");
        lines.add(text(layout.toSerializable(ecsEvent(org.apache.logging.log4j.Level.INFO, "order filled", 1_795_773_600_123L, fill, null))));
        lines.add(text(layout.toSerializable(ecsEvent(org.apache.logging.log4j.Level.WARN, "feed is slow", 1_795_773_601_500L, new SortedArrayStringMap(), null))));
        IllegalStateException boom = new IllegalStateException("insufficient margin");
        boom.setStackTrace(STACK);
        SortedArrayStringMap rejected = new SortedArrayStringMap();
        rejected.putValue("event.action", "order_rejected");
        lines.add(text(layout.toSerializable(ecsEvent(org.apache.logging.log4j.Level.ERROR, "order rejected", 1_795_773_602_000L, rejected, boom))));
        return lines;
    }

    private static Log4jLogEvent ecsEvent(org.apache.logging.log4j.Level level, String message, long millis,
                                          SortedArrayStringMap context, Throwable thrown) {
        return Log4jLogEvent.newBuilder().setLoggerName("io.example.Strategy").setLevel(level)
                .setMessage(new SimpleMessage(message)).setTimeMillis(millis).setThreadName("strategy-1")
                .setContextData(context).setThrown(thrown).build();
    }

    private static String text(byte[] bytes) {
        return text(new String(bytes, StandardCharsets.UTF_8));
    }

    private static String text(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
