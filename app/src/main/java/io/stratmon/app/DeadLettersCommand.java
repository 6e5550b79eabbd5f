package io.stratmon.app;

import io.stratmon.app.config.ConfigLoader;
import io.stratmon.app.config.StratmonConfig;
import io.stratmon.shipper.DeadLetterReplay;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.store.EmbeddedQuestDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code stratmon dead-letters replay [--config stratmon.toml]}: after the mapping was fixed, ships the dead letters
 * again through the config's inputs, exactly once ({@link DeadLetterReplay}). With no {@code questdb.url}, the
 * embedded QuestDB of the config is started for the replay (so {@code up} must be stopped, as for any shipper).
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "Work with the shipper's dead-letter file (<state dir>/dead-letter.jsonl).",
        subcommands = DeadLettersCommand.Replay.class)
final class DeadLettersCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Convert every dead letter again with the config's current mapping and ship the rows with their"
                    + " original _src/_offset (exactly once, even if interrupted); those that still fail stay, with the"
                    + " new reason. Stop the shipper (ship/up/demo) on this state dir first.")
    static final class Replay implements Callable<Integer> {
        @Option(names = "--config", defaultValue = "stratmon.toml", paramLabel = "FILE",
                description = "The config file whose inputs, questdb and shipper.state_dir to use. Default: ${DEFAULT-VALUE}.")
        Path config;

        @Override
        public Integer call() throws Exception {
            StratmonConfig c = ConfigLoader.load(config, System.getenv());
            c.warnings().forEach(w -> System.err.println("warning: " + w));
            ShipperConfig shipper = c.shipper();
            try (DeadLetterReplay replay = DeadLetterReplay.lock(shipper.stateDir())) {
                EmbeddedQuestDb db = c.questdb().embedded() ? UpCommand.startEmbedded(UpCommand.embeddedOptions(c), "questdb.data_dir") : null;
                try {
                    if (db != null) shipper = UpCommand.toEmbedded(shipper, db);
                    DeadLetterReplay.Result r = replay.run(shipper);
                    System.out.println("replayed " + r.replayed() + " dead letters to " + shipper.sink().url() + "; "
                            + r.stillFailing() + " still fail (kept with the new reason), " + r.kept()
                            + " kept as they were (no line to replay) in " + r.file());
                    return 0;
                } finally {
                    if (db != null) db.close();
                }
            }
        }
    }
}
