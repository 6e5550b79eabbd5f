package io.stratmon.shipper;

import io.stratmon.shipper.mapping.FieldType;
import io.stratmon.shipper.mapping.MappingConfig;
import io.stratmon.testkit.QuestDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code dead-letters replay} against a real embedded QuestDB: the fixed mapping ships them, exactly once. */
class DeadLetterReplayIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    @TempDir
    Path dir;

    private List<DeadLetterFile.Entry> deadLetters() throws IOException {
        List<DeadLetterFile.Entry> all = new ArrayList<>();
        DeadLetterFile.read(dir.resolve("state").resolve(DeadLetterFile.NAME), all::add, line -> { });
        return all;
    }

    @Test
    void replay_after_the_mapping_is_fixed_ships_them_with_their_original_keys_exactly_once_however_often_it_runs()
            throws Exception {
        Path log = dir.resolve("fills.log");
        Files.writeString(log, """
                {"timestamp":"2026-11-27T10:00:00Z","event":"replay_fills","px":1.5}
                {"timestamp":"2026-11-27T10:00:01Z","event":"replay_fills","qty":3.5}
                not json at all
                {"timestamp":"2026-11-27T10:00:02Z","event":"replay_fills","qty":0.25}
                """);
        List<String> files = List.of(dir.resolve("*.log").toString());
        ShipperConfig wrong = ShipperConfig.of(files, questdb.httpUrl(), dir.resolve("state")).withCredentials(questdb.username(), questdb.password())
                .withInputs(List.of(new InputConfig(files, MappingConfig.defaults().withTypes(Map.of("qty", FieldType.LONG)))));
        try (Shipper shipper = Shipper.start(wrong)) {
            questdb.awaitRowCount("replay_fills", 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters().size() == 3);
        }
        List<DeadLetterFile.Entry> before = deadLetters();
        assertThat(before).extracting(DeadLetterFile.Entry::src).doesNotContainNull();
        Path saved = dir.resolve("dead-letter.before-replay.jsonl");
        Files.copy(dir.resolve("state").resolve(DeadLetterFile.NAME), saved);

        ShipperConfig fixed = wrong.withInputs(List.of(InputConfig.of(files)));
        DeadLetterReplay.Result first = replay(fixed);
        assertThat(first.replayed()).isEqualTo(2);
        assertThat(first.stillFailing()).isEqualTo(1);
        String rows = """
                timestamp\tpx\tqty\t_offset
                2026-11-27T10:00:00.000000Z\t1.5\tnull\t0
                2026-11-27T10:00:01.000000Z\tnull\t3.5\t%d
                2026-11-27T10:00:02.000000Z\tnull\t0.25\t%d
                """.formatted(before.get(0).offset(), before.get(2).offset());
        String query = "SELECT timestamp, px, qty, _offset FROM replay_fills ORDER BY timestamp";
        questdb.assertSqlEventually(rows, query);
        assertThat(questdb.query("SELECT count_distinct(_src) FROM replay_fills").toTsv()).endsWith("\n1\n");
        List<DeadLetterFile.Entry> after = deadLetters();
        assertThat(after).singleElement().satisfies(e -> {
            assertThat(new String(e.line())).isEqualTo("not json at all");
            assertThat(e.offset()).isEqualTo(before.get(1).offset());
            assertThat(e.time()).isNotEqualTo(before.get(1).time());
        });

        // Interrupted after shipping and before the rename: the old file is back. Again, and again: still once.
        Files.copy(saved, dir.resolve("state").resolve(DeadLetterFile.NAME), StandardCopyOption.REPLACE_EXISTING);
        assertThat(replay(fixed).replayed()).isEqualTo(2);
        assertThat(replay(fixed).replayed()).isZero();
        questdb.awaitWalApplied("replay_fills");
        questdb.assertSqlEventually(rows, query);
        assertThat(deadLetters()).hasSize(1);
    }

    @Test
    void replay_refuses_while_a_shipper_runs_on_the_state_dir_and_changes_nothing() throws Exception {
        Path log = dir.resolve("x.log");
        Files.writeString(log, "bad line\n");
        ShipperConfig config = ShipperConfig.of(List.of(log.toString()), questdb.httpUrl(), dir.resolve("state")).withCredentials(questdb.username(), questdb.password());
        try (Shipper shipper = Shipper.start(config)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters().size() == 1);
            assertThatThrownBy(() -> DeadLetterReplay.lock(config.stateDir())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("a shipper is running on the state dir").hasMessageContaining("stop it");
        }
        assertThat(deadLetters()).hasSize(1);
    }

    @Test
    void replay_with_questdb_down_leaves_the_file_as_it_was() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        Path file = state.resolve(DeadLetterFile.NAME);
        Files.writeString(file, "{\"time\":\"t\",\"source\":\"" + dir.resolve("a.log") + "\",\"src\":\"00000000000000aa\","
                + "\"file_id\":\"1:2\",\"offset\":0,\"reason\":\"x\",\"line\":\"{\\\"timestamp\\\":\\\"2026-11-27T10:00:00Z\\\",\\\"event\\\":\\\"e\\\"}\"}\n");
        String original = Files.readString(file);
        ShipperConfig down = ShipperConfig.of(List.of(dir.resolve("*.log").toString()), "http://127.0.0.1:1", state);
        try (DeadLetterReplay replay = DeadLetterReplay.lock(state)) {
            assertThatThrownBy(() -> replay.run(down)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("nothing was changed");
        }
        assertThat(Files.readString(file)).isEqualTo(original);
    }

    private DeadLetterReplay.Result replay(ShipperConfig config) throws IOException {
        try (DeadLetterReplay replay = DeadLetterReplay.lock(config.stateDir())) {
            return replay.run(config);
        }
    }
}
