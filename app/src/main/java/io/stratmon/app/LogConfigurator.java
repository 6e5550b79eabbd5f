package io.stratmon.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * stratmon's own log, set up in code instead of a {@code logback.xml}: short lines on stderr (stdout stays for what
 * commands print), {@code io.stratmon} at {@code STRATMON_LOG_LEVEL} (default INFO), everything else at WARN.
 * Reading an XML file costs a start-up about 300 classes (an XML parser and logback's Joran); an agent should ship
 * its first line before that would be done; {@link LogLineEncoder} writes the lines of {@link #PATTERN} without
 * logback's pattern layout, for the same reason. A {@code -Dlogback.configurationFile=...} or a {@code logback-test.xml}
 * on the class path still wins: then this steps aside for logback's own configurators.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configureInCode(context, System.getenv("STRATMON_LOG_LEVEL"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The configuration itself; {@code level} is {@code STRATMON_LOG_LEVEL} (null or unknown: INFO). */
    static void configureInCode(LoggerContext context, String level) {
        LogLineEncoder encoder = new LogLineEncoder(); // PATTERN's text, without PatternLayout's set-up
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        context.getLogger("io.stratmon").setLevel(Level.toLevel(level, Level.INFO));
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        context.getLogger("io.javalin").setLevel(Level.WARN);
    }
}
