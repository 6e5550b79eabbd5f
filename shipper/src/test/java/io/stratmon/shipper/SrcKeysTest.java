package io.stratmon.shipper;

import io.stratmon.shipper.checkpoint.Checkpoint;
import io.stratmon.shipper.mapping.Labels;
import io.stratmon.shipper.tail.FileId;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.Fingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SrcKeysTest {
    @TempDir
    Path state;

    private static final long OLD = 0x1234L, NEW = 0xabcdL;
    private final List<InputConfig> inputs = List.of(input("web1"), input("web2"));

    private static InputConfig input(String host) {
        return InputConfig.of(List.of("*.log")).withLabels(Labels.of(Map.of("host", host)));
    }

    private static FileSource file(long fingerprint, int input) {
        return new FileSource(Path.of("x.log"), new FileId(1, 2), fingerprint, input);
    }

    private static Checkpoint checkpoint(long fingerprint) {
        return new Checkpoint(new FileId(1, 2), fingerprint, "x.log", 100, 0);
    }

    @Test
    void src_is_the_inputs_host_then_the_files_fingerprint() {
        SrcKeys keys = SrcKeys.open(state, inputs, List.of());
        assertThat(keys.src(file(NEW, 0))).isEqualTo("web1:" + Fingerprint.hex(NEW));
        assertThat(keys.src(file(NEW, 1))).isEqualTo("web2:" + Fingerprint.hex(NEW));
    }

    @Test
    void an_input_without_a_host_label_is_known_by_the_machines_host_name() {
        SrcKeys keys = SrcKeys.open(state, List.of(InputConfig.of(List.of("*.log"))), List.of());
        assertThat(keys.src(file(NEW, 0))).isEqualTo(HostName.local() + ":" + Fingerprint.hex(NEW));
        assertThat(HostName.local()).isNotBlank();
    }

    @Test
    void files_with_a_checkpoint_from_the_version_before_keep_the_bare_fingerprint_for_good() {
        SrcKeys first = SrcKeys.open(state, inputs, List.of(checkpoint(OLD)));
        assertThat(first.src(file(OLD, 0))).isEqualTo(Fingerprint.hex(OLD));
        assertThat(first.src(file(NEW, 0))).isEqualTo("web1:" + Fingerprint.hex(NEW));
        // The next start has checkpoints for both: only the one from before the upgrade stays bare.
        SrcKeys next = SrcKeys.open(state, inputs, List.of(checkpoint(OLD), checkpoint(NEW)));
        assertThat(next.src(file(OLD, 1))).isEqualTo(Fingerprint.hex(OLD));
        assertThat(next.src(file(NEW, 0))).isEqualTo("web1:" + Fingerprint.hex(NEW));
        assertThat(state.resolve(SrcKeys.FILE)).content().contains(Fingerprint.hex(OLD)).doesNotContain(Fingerprint.hex(NEW));
    }

    @Test
    void dead_letters_from_the_version_before_are_replayed_with_the_bare_fingerprint() throws Exception {
        Files.writeString(state.resolve(DeadLetterFile.NAME), new String(DeadLetterFile.encode(new DeadLetterFile.Entry(
                "2026-12-01T00:00:00Z", "x.log", Fingerprint.hex(OLD), "1:2", 5, "bad", "{}".getBytes(), 0))));
        // No shipper of this version ran here yet: a replay uses the old keys for every line.
        assertThat(SrcKeys.read(state, inputs).src(0, Fingerprint.hex(NEW))).isEqualTo(Fingerprint.hex(NEW));
        SrcKeys.open(state, inputs, List.of());
        SrcKeys replay = SrcKeys.read(state, inputs);
        assertThat(replay.src(0, Fingerprint.hex(OLD))).isEqualTo(Fingerprint.hex(OLD));
        assertThat(replay.src(0, Fingerprint.hex(NEW))).isEqualTo("web1:" + Fingerprint.hex(NEW));
    }

    @Test
    void an_unreadable_src_keys_file_is_refused_naming_it() throws Exception {
        Files.writeString(state.resolve(SrcKeys.FILE), "{\"version\":1}");
        assertThatThrownBy(() -> SrcKeys.open(state, inputs, List.of()))
                .hasMessageContaining(SrcKeys.FILE).hasMessageContaining("legacy");
    }
}
