package io.stratmon.shipper.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file store: the contract, with real files, plus what only a file can suffer (truncation, hand edits). */
class JsonFileCheckpointStoreTest extends CheckpointStoreContract {
    @TempDir
    Path root;
    private boolean crashNext;

    private Path stateDir() {
        return root.resolve("state");
    }

    private Path file() {
        return stateDir().resolve("checkpoints.json");
    }

    /** The real steps, except that a "crash" stops a commit after the temp file is written and synced. */
    private final JsonFileCheckpointStore.FileWrites writes = new JsonFileCheckpointStore.FileWrites() {
        @Override
        public void writeDurably(Path temp, byte[] bytes) throws IOException {
            REAL.writeDurably(temp, bytes);
            if (crashNext) {
                crashNext = false;
                throw new IllegalStateException("simulated crash after the temp file was written");
            }
        }

        @Override
        public void replace(Path temp, Path file) throws IOException {
            REAL.replace(temp, file);
        }

        @Override
        public void syncDirectory(Path dir) {
            REAL.syncDirectory(dir);
        }
    };

    @Override
    protected CheckpointStore open() {
        return new JsonFileCheckpointStore(stateDir(), writes);
    }

    @Override
    protected void crashOnNextCommit() {
        crashNext = true;
    }

    /** For real: the state dir is replaced by a plain file (chmod would not stop root), then put back. */
    @Override
    protected void unwritable(boolean value) {
        try {
            Path away = root.resolve("state.away");
            if (value) {
                Files.move(stateDir(), away);
                Files.writeString(stateDir(), "not a directory");
            } else {
                Files.delete(stateDir());
                Files.move(away, stateDir());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void storedVersionIs(int version) {
        edit("\"version\" : 1", "\"version\" : " + version);
    }

    @Override
    protected void storedStateIsEmpty() {
        write(new byte[0]);
    }

    @Test
    void a_temp_file_left_by_a_crash_is_never_read() throws IOException {
        open().commit(List.of(A));
        Files.writeString(stateDir().resolve("checkpoints.json.tmp"), "{\"version\" : 1, \"files\" : [ {\"dev\"");
        assertThat(open().load()).containsExactly(A);
        open().commit(List.of(B));
        assertThat(open().load()).containsExactly(B);
    }

    @Test
    void a_truncated_file_is_refused_naming_the_line_and_column_where_it_ends() throws IOException {
        open().commit(List.of(A, B));
        byte[] whole = Files.readAllBytes(file());
        write(Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> open().load()).isInstanceOf(CheckpointFileException.class)
                .hasMessageStartingWith("checkpoint file " + file() + " [key=line ")
                .hasMessageContaining("truncated").hasMessageContaining("move the file away").hasMessageNotContaining("\n");
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', value = {
            "\"fingerprint\" : \"8000000000000001\"|\"fingerprint\" : \"zz-not-hex\"|files[0].fingerprint|bad hex",
            "\"fingerprint\" : \"8000000000000001\"|\"fingerprint\" : \"18000000000000001\"|files[0].fingerprint|17 hex digits",
            "\"offset\" : 4096|\"offset\" : -5|files[0].offset|negative offset",
            "\"offset\" : 4096|\"offset\" : \"4096\"|files[0].offset|offset as a string",
            "\"offset\" : 4096|\"offset\" : 40.5|files[0].offset|fractional offset",
            "\"offset\" : 4096|\"offset\" : 99999999999999999999|files[0].offset|offset over a long",
            "\"ino\" : 7,|\"inode\" : 7,|files[1].ino|ino renamed",
            "\"path\" : \"logs/fills.jsonl\"|\"path\" : null|files[0].path|null path",
            "\"updated_ms\" : 1764000000000|\"updated_ms\" : -1|files[0].updated_ms|negative updated_ms",
            "\"files\" : [|\"files\" : 7, \"x\" : [|files|files as a number",
            "\"version\" : 1|\"version\" : \"1\"|version|version as a string",
    })
    void a_hand_edited_value_is_refused_in_one_line_naming_the_file_and_its_key(String from, String to, String key,
                                                                              String what) {
        open().commit(List.of(A, B));
        edit(from, to);
        assertThatThrownBy(() -> open().load()).as(what).isInstanceOf(CheckpointFileException.class)
                .hasMessageStartingWith("checkpoint file " + file() + " [key=" + key + "]: ")
                .hasMessageContaining("move the file away").hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((CheckpointFileException) e).key()).isEqualTo(key));
    }

    @Test
    void a_directory_where_the_file_should_be_is_refused_in_one_line() throws IOException {
        Files.createDirectories(file());
        assertThatThrownBy(() -> open().load()).isInstanceOf(CheckpointFileException.class)
                .hasMessageContaining(file().toString()).hasMessageContaining("cannot read").hasMessageNotContaining("\n");
    }

    @Test
    void a_commit_into_a_state_dir_that_is_a_file_names_the_file_and_the_cause() throws IOException {
        Files.createDirectories(stateDir());
        unwritable(true);
        assertThatThrownBy(() -> open().commit(List.of(A))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file().toString()).hasMessageContaining("FileAlreadyExistsException");
    }

    private void edit(String from, String to) {
        try {
            String text = Files.readString(file(), StandardCharsets.UTF_8);
            assertThat(text).as("the file holds what the edit replaces").contains(from);
            Files.writeString(file(), text.replaceFirst(java.util.regex.Pattern.quote(from), to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(byte[] bytes) {
        try {
            Files.write(file(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
