package io.stratmon.shipper;

import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The state dir stops taking writes while the shipper runs (for real: it is moved away and a plain file put in its
 * place, which stops root too). Shipping goes on, nothing is sent twice, nothing crashes; when the dir is back, the
 * checkpoints and dead letters catch up, each dead letter once.
 */
class StateDirGoneIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    private static String line(int second) {
        return "{\"timestamp\":\"2026-11-27T10:00:%02dZ\",\"event\":\"state_gone\",\"n\":%d}\n".formatted(second, second);
    }

    /** The checkpointed offset of the one file, or -1 before the first checkpoint is written. */
    private long checkpointedOffset(Path state) throws IOException {
        Path file = state.resolve("checkpoints.json");
        if (!Files.isRegularFile(file)) return -1;
        String json = Files.readString(file);
        int at = json.indexOf("\"offset\" : ");
        return Long.parseLong(json.substring(at + 11, json.indexOf(',', at)).trim());
    }

    @Test
    void shipping_goes_on_while_the_state_dir_is_gone_and_checkpoints_catch_up_when_it_is_back() throws Exception {
        Path log = dir.resolve("app.log");
        Path state = dir.resolve("state");
        Path away = dir.resolve("state.away");
        Files.writeString(log, line(1) + "not json one\n" + line(2));
        ShipperConfig config = ShipperConfig.of(List.of(log.toString()), questdb.httpUrl(), state).withCredentials(questdb.username(), questdb.password())
                .withMetricsInterval(Duration.ZERO);
        try (Shipper shipper = Shipper.start(config)) {
            questdb.awaitRowCount("state_gone", 2);
            await().atMost(Duration.ofSeconds(20)).until(() -> checkpointedOffset(state) == Files.size(log));

            Files.move(state, away);
            Files.writeString(state, "a file where the state dir was");
            Files.writeString(log, line(3) + "not json two\n" + line(4), StandardOpenOption.APPEND);
            questdb.awaitRowCount("state_gone", 4);
            long whileGone = Files.size(log);
            assertThat(shipper.isRunning()).isTrue();
            assertThat(checkpointedOffset(away)).as("the old checkpoint stays whole").isLessThan(whileGone);

            Files.delete(state);
            Files.move(away, state);
            Files.writeString(log, line(5), StandardOpenOption.APPEND);
            questdb.awaitRowCount("state_gone", 5);
            await().atMost(Duration.ofSeconds(30)).until(() -> checkpointedOffset(state) == Files.size(log));
            assertThat(shipper.isRunning()).isTrue();
            assertThat(shipper.failure()).isNull();
            assertThat(shipper.metrics().rowsShipped()).as("no acknowledged row sent again").isEqualTo(5);
        }
        List<DeadLetterFile.Entry> deadLetters = new ArrayList<>();
        DeadLetterFile.read(state.resolve(DeadLetterFile.NAME), deadLetters::add, l -> { });
        assertThat(deadLetters).extracting(e -> new String(e.line())).containsExactly("not json one", "not json two");
        assertThat(questdb.query("SELECT n FROM state_gone ORDER BY n").toTsv()).isEqualTo("n\n1.0\n2.0\n3.0\n4.0\n5.0\n");
    }
}
