package io.stratmon.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code stratmon} command line: {@code demo}, {@code up}, {@code ship}, {@code status}, {@code check-config},
 * {@code preview}, {@code grafana}, {@code alerts}, {@code trader}, {@code bench}, {@code dead-letters replay}.
 */
@Command(name = "stratmon", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Monitoring for trading strategies: JSON-lines logs -> QuestDB -> live dashboard.")
public final class Main implements Runnable {
    /**
     * The subcommands, in {@code --help} order. Only the one named first on the command line is built (picocli builds
     * a model of every command it is given, by reflection, and its classes are too old for the class-data archive):
     * {@code ship} starts without the models of eight commands it does not run. Anything else gets them all.
     * A holder class, so that {@link AgentMain} (whose jar lacks most of these) never loads it.
     */
    static final class All {
        static final Map<String, Class<?>> COMMANDS = commands(
                "demo", DemoCommand.class, "up", UpCommand.class, "ship", ShipCommand.class, "status", StatusCommand.class,
                "check-config", CheckConfigCommand.class, "preview", PreviewCommand.class, "grafana", GrafanaCommand.class, "alerts", AlertsCommand.class,
                "trader", TraderCommand.class, "bench", BenchCommand.class, "dead-letters", DeadLettersCommand.class, "help", CommandLine.HelpCommand.class);

        private All() {}
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (0 ok, 1 failure, 2 usage or config error). */
    public static int run(String... args) {
        return run(new Main(), All.COMMANDS, args);
    }

    /** Runs {@code args} against {@code root} with these subcommands (only the named one built, when it is one). */
    static int run(Object root, Map<String, Class<?>> commands, String... args) {
        Class<?> named = args.length > 0 && !"help".equals(args[0]) ? commands.get(args[0]) : null;
        if (named == ShipCommand.class) {
            Integer shipped = shipWithoutPicocli(args);
            if (shipped != null) return shipped;
        }
        CommandLine cli = new CommandLine(root);
        for (Class<?> command : named != null ? List.of(named) : commands.values()) cli.addSubcommand(command);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof java.io.IOException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /**
     * A {@code ship} line that {@link ShipCommandArgs} reads, run without picocli (its exit code); {@code null} for
     * anything else (another command, help, a form only picocli reads), which then goes to picocli. Starts the
     * start-up warm-up once for a {@code ship} line either way.
     */
    static Integer shipWithoutPicocli(String... args) {
        if (args.length == 0 || !"ship".equals(args[0])) return null;
        StartupWarmup.start(args);
        ShipCommand ship = ShipCommandArgs.parse(args);
        return ship == null ? null : runWithoutPicocli(ship);
    }

    /** {@code ship} read by {@link ShipCommandArgs}: run as picocli would, with the same exit codes and error lines. */
    private static int runWithoutPicocli(ShipCommand ship) {
        try {
            return ship.call();
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // call() throws no other checked exception; picocli would rethrow it
        }
    }

    /** Names written out (each must be its class's {@code @Command} name; CliTest checks): reading ten annotations
     *  just to find one command would cost a start-up more than the lookup saves. */
    static Map<String, Class<?>> commands(Object... nameThenClass) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) byName.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        return byName;
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
