package io.stratmon.shipper.tail;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SameContentTest {
    @TempDir
    Path dir;

    private final Map<FileId, TrackedFile> known = new LinkedHashMap<>();
    private final Admission.SameContent index = new Admission.SameContent();
    private final List<Tailer> open = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Tailer t : open) t.close();
    }

    @Test
    void a_file_opened_is_compared_only_with_the_known_files_that_start_with_the_same_line() throws IOException {
        TrackedFile a = tracked("a.log", "{\"n\":1}\n");
        TrackedFile b = tracked("b.log", "{\"n\":2}\n");
        TrackedFile copy = tracked("a.log.1", "{\"n\":1}\n");

        assertThat(index.cursors(a.source.fingerprint(), known, 0)).extracting(Cursor::path)
                .containsExactlyInAnyOrder(a.path.toString(), copy.path.toString());
        assertThat(index.cursors(b.source.fingerprint(), known, 0)).extracting(Cursor::path).containsExactly(b.path.toString());
        assertThat(index.cursors(Fingerprint.NOT_YET, known, 0)).isEmpty();
    }

    @Test
    void a_file_forgotten_since_it_was_indexed_is_not_a_copy_any_more() throws IOException {
        TrackedFile a = tracked("a.log", "{\"n\":1}\n");
        known.remove(a.source.id());

        assertThat(index.cursors(a.source.fingerprint(), known, 0)).isEmpty();
    }

    @Test
    void a_file_opened_before_its_first_line_was_complete_is_found_by_that_line_once_it_is() throws IOException {
        TrackedFile late = tracked("late.log", "{\"n\":");
        assertThat(late.source.fingerprint()).isEqualTo(Fingerprint.NOT_YET);
        Files.writeString(late.path, "1}\n", StandardOpenOption.APPEND);
        late.tailer.refreshFingerprint();
        late.sync(); // what the tailer does after every read

        TrackedFile other = tracked("other.log", "{\"n\":1}\n");
        assertThat(index.cursors(other.source.fingerprint(), known, 0)).extracting(Cursor::path)
                .containsExactlyInAnyOrder(late.path.toString(), other.path.toString());
    }

    @Test
    void a_file_truncated_and_written_again_is_found_by_its_new_first_line_only() throws IOException {
        TrackedFile a = tracked("a.log", "{\"n\":1}\n");
        long before = a.source.fingerprint();
        Files.writeString(a.path, "{\"n\":2}\n"); // copytruncate, then a new first line
        a.tailer.rewind();
        a.sync();

        assertThat(index.cursors(before, known, 0)).isEmpty();
        assertThat(index.cursors(a.source.fingerprint(), known, 0)).extracting(Cursor::path).containsExactly(a.path.toString());
    }

    private TrackedFile tracked(String name, String content) throws IOException {
        Path path = Files.writeString(dir.resolve(name), content);
        Tailer tailer = Tailer.open(path, FileId.of(path), 0, 1024);
        open.add(tailer);
        TrackedFile f = new TrackedFile(tailer, path, content.length(), 0);
        known.put(f.source.id(), f);
        index.index(f);
        return f;
    }
}
