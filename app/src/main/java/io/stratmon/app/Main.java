package io.stratmon.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The {@code stratmon} command line: {@code demo}, {@code up}, {@code ship}, {@code status}, {@code check-config},
 * {@code preview}, {@code grafana}, {@code trader}, {@code bench}, {@code dead-letters replay}.
 */
@Command(name = "stratmon", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Monitoring for trading strategies: JSON-lines logs -> QuestDB -> live dashboard.",
        subcommands = {DemoCommand.class, UpCommand.class, ShipCommand.class, StatusCommand.class, CheckConfigCommand.class,
                PreviewCommand.class, GrafanaCommand.class, TraderCommand.class, BenchCommand.class, DeadLettersCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (0 ok, 1 failure, 2 usage or config error). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof java.io.IOException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/stratmon-version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[] {"stratmon " + p.getProperty("version", "unknown") + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
