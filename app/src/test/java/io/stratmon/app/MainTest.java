package io.stratmon.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up path: one subcommand built when one is named, logging set up in code. */
class MainTest {
    @Test
    void every_command_is_listed_under_the_name_its_class_declares() {
        for (Map.Entry<String, Class<?>> e : Main.All.COMMANDS.entrySet()) {
            assertThat(e.getValue().getAnnotation(Command.class).name()).as(e.getValue().getName()).isEqualTo(e.getKey());
        }
        assertThat(Main.All.COMMANDS).containsKeys("demo", "up", "ship", "status", "check-config", "preview", "grafana",
                "trader", "bench", "help");
        for (Map.Entry<String, Class<?>> e : AgentMain.Commands.ALL.entrySet()) {
            assertThat(Main.All.COMMANDS.get(e.getKey())).as("agent command %s", e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void help_lists_every_command_while_a_named_command_runs_with_only_its_own_model() {
        assertThat(out("--help")).contains("demo", "up", "ship", "status", "check-config", "preview", "grafana", "trader", "bench");
        assertThat(out("help", "ship")).contains("Usage: stratmon ship", "--questdb");
        assertThat(out("ship", "--help")).contains("Usage: stratmon ship", "--questdb").doesNotContain("check-config");
        assertThat(Main.run("no-such-command")).isEqualTo(2);
    }

    @Test
    void logs_go_to_stderr_with_stratmon_at_the_level_asked_for_and_the_rest_at_warn() {
        LoggerContext context = new LoggerContext();
        LogConfigurator.configureInCode(context, "debug");

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.stratmon.shipper.Shipper").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("org.eclipse.jetty.server").getEffectiveLevel()).isEqualTo(Level.WARN);
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) root.getAppender("CONSOLE");
        assertThat(console.getTarget()).isEqualTo("System.err");
        assertThat(console.isStarted()).isTrue();

        LoggerContext unset = new LoggerContext();
        LogConfigurator.configureInCode(unset, null);
        assertThat(unset.getLogger("io.stratmon").getLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void a_logback_test_xml_on_the_class_path_takes_precedence() {
        // This module's test resources hold one: the configurator steps aside for logback's own.
        LogConfigurator configurator = new LogConfigurator();
        LoggerContext context = new LoggerContext();
        configurator.setContext(context);
        assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")).isNull();
    }

    private static String out(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Main.run(args);
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(old);
        }
    }
}
