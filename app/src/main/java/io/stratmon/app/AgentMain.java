package io.stratmon.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Map;

/**
 * The main class of {@code stratmon-agent.jar}: the agent for a trading host, with {@code ship}, {@code status},
 * {@code check-config} and {@code preview} only, and no QuestDB server, dashboard or demo trader in the jar
 * (a few MB instead of 43). The same commands as in {@code stratmon.jar}, the same options.
 */
@Command(name = "stratmon", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "stratmon agent: tail JSON-lines logs and ship every line into QuestDB (stratmon.jar has the rest).")
public final class AgentMain implements Runnable {
    /** A holder: its {@code HelpCommand} is a picocli class, read from the jar (not the class-data archive). */
    static final class Commands {
        static final Map<String, Class<?>> ALL = Main.commands(
                "ship", ShipCommand.class, "status", StatusCommand.class, "check-config", CheckConfigCommand.class,
                "preview", PreviewCommand.class, "help", CommandLine.HelpCommand.class);

        private Commands() {}
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // A plain ship line (ShipCommandArgs) runs without loading a picocli class; anything else goes through picocli.
        Integer shipped = Main.shipWithoutPicocli(args);
        System.exit(shipped != null ? shipped : Main.run(new AgentMain(), Commands.ALL, args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
