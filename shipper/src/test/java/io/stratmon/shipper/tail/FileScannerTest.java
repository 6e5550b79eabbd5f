package io.stratmon.shipper.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class FileScannerTest {
    @TempDir
    Path dir;

    @Test
    void a_directory_unchanged_since_its_last_listing_is_not_listed_again_and_its_files_come_back_unstated() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("a.jsonl"), "{}\n");
        Files.writeString(logs.resolve("b.jsonl"), "{}\n");
        aged(logs);
        FileScanner scanner = new FileScanner(List.of(logs.resolve("*.jsonl").toString()));

        List<FileScanner.Found> first = scanner.scan(true);
        assertThat(first).extracting(FileScanner.Found::path).containsExactly(logs.resolve("a.jsonl"), logs.resolve("b.jsonl"));
        assertThat(first).allSatisfy(f -> assertThat(f.stat()).isNotNull());
        assertThat(first.get(0).stat().size()).isEqualTo(3);

        Files.writeString(logs.resolve("a.jsonl"), "{}\n{}\n"); // a write: the watch's to report, not the directory's
        List<FileScanner.Found> second = scanner.scan(true);
        assertThat(second).extracting(FileScanner.Found::path).containsExactly(logs.resolve("a.jsonl"), logs.resolve("b.jsonl"));
        assertThat(second).allSatisfy(f -> assertThat(f.stat()).isNull());

        Files.writeString(logs.resolve("c.jsonl"), "{}\n"); // a new name changes the directory's time
        List<FileScanner.Found> third = scanner.scan(true);
        assertThat(third).extracting(FileScanner.Found::path)
                .containsExactly(logs.resolve("a.jsonl"), logs.resolve("b.jsonl"), logs.resolve("c.jsonl"));
        assertThat(third).allSatisfy(f -> assertThat(f.stat()).isNotNull());
        assertThat(third.get(0).stat().size()).isEqualTo(6);
    }

    @Test
    void a_directory_changed_just_before_its_listing_is_listed_again_since_another_change_may_share_its_time() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("a.jsonl"), "{}\n");
        FileTime recent = FileTime.fromMillis(System.currentTimeMillis() - 500);
        Files.setLastModifiedTime(logs, recent);
        FileScanner scanner = new FileScanner(List.of(logs.resolve("*.jsonl").toString()));
        assertThat(scanner.scan(true)).hasSize(1);

        Files.writeString(logs.resolve("b.jsonl"), "{}\n");
        Files.setLastModifiedTime(logs, recent); // the second change within the same tick of the file system's clock

        assertThat(scanner.scan(true)).extracting(FileScanner.Found::path).containsExactly(logs.resolve("a.jsonl"), logs.resolve("b.jsonl"));
    }

    @Test
    void without_a_watch_every_scan_stats_every_file() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("a.jsonl"), "{}\n");
        aged(logs);
        FileScanner scanner = new FileScanner(List.of(logs.resolve("*.jsonl").toString()));
        scanner.scan(false);
        Files.writeString(logs.resolve("a.jsonl"), "{}\n{}\n");

        List<FileScanner.Found> again = scanner.scan(false);

        assertThat(again).singleElement().satisfies(f -> assertThat(f.stat().size()).isEqualTo(6));
    }

    @Test
    void a_link_to_a_file_is_stated_at_every_scan_since_its_target_can_change_without_its_directory() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path one = Files.writeString(dir.resolve("one.log"), "{}\n");
        Path two = Files.writeString(dir.resolve("two.log"), "{}\n{}\n");
        Path link = Files.createSymbolicLink(logs.resolve("current.jsonl"), one);
        aged(logs);
        FileScanner scanner = new FileScanner(List.of(logs.resolve("*.jsonl").toString()));
        assertThat(scanner.scan(true)).singleElement().satisfies(f -> assertThat(f.stat().id()).isEqualTo(FileId.of(one)));

        Files.delete(one);
        Files.move(two, one); // the link's target is another file now; the link's directory did not change

        assertThat(scanner.scan(true)).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo(link);
            assertThat(f.stat().size()).isEqualTo(6);
        });
    }

    @Test
    void it_finds_what_files_walk_finds_for_nested_globs_links_and_directories_that_look_like_files() throws IOException {
        Path root = Files.createDirectories(dir.resolve("var/log"));
        for (String p : List.of("app.jsonl", "a/app.jsonl", "a/b/deep.jsonl", "a/b/c/deeper.jsonl", "a.x/app.jsonl",
                "a-b/app.jsonl", "a/notes.txt", "z/app.jsonl")) {
            Files.createDirectories(root.resolve(p).getParent());
            Files.writeString(root.resolve(p), "{}\n");
        }
        Files.createDirectories(root.resolve("dir.jsonl")); // a directory whose name the glob matches
        Files.createSymbolicLink(root.resolve("linked"), root.resolve("a")); // a link to a directory: not followed
        Files.createSymbolicLink(root.resolve("a/link.jsonl"), root.resolve("app.jsonl")); // a link to a file: matched
        Files.createSymbolicLink(root.resolve("a/dangling.jsonl"), root.resolve("gone.jsonl"));
        for (String glob : List.of("*.jsonl", "*/*.jsonl", "**/*.jsonl", "a/**", "{a,z}/*.jsonl", "a/b/*/*.jsonl", "app.jsonl")) {
            String pattern = root.resolve(glob).toString();
            FileScanner scanner = new FileScanner(List.of(pattern));
            for (boolean trust : List.of(true, true, false)) {
                assertThat(scanner.scan(trust)).as("%s (trusting directories: %s)", glob, trust)
                        .extracting(FileScanner.Found::path).containsExactlyElementsOf(walked(pattern));
            }
        }
    }

    private static void aged(Path directory) throws IOException {
        Files.setLastModifiedTime(directory, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    }

    /** What the scanner found before it listed directories itself: Files.walk to the glob's depth, regular files only. */
    private static List<Path> walked(String glob) throws IOException {
        Path absolute = Path.of(glob);
        Path base = absolute.getRoot();
        int depth = 0;
        boolean inGlob = false;
        for (Path segment : absolute) {
            String s = segment.toString();
            if (!inGlob && !s.matches(".*[*?\\[{].*")) base = base.resolve(s);
            else {
                inGlob = true;
                depth = s.contains("**") ? Integer.MAX_VALUE : (depth == Integer.MAX_VALUE ? depth : depth + 1);
            }
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolute);
        TreeSet<Path> found = new TreeSet<>();
        if (depth == 0) {
            if (Files.isRegularFile(base)) found.add(base);
            return List.copyOf(found);
        }
        try (Stream<Path> walk = Files.walk(base, depth)) {
            walk.filter(p -> matcher.matches(p) && Files.isRegularFile(p)).filter(Objects::nonNull).forEach(found::add);
        }
        return List.copyOf(found);
    }
}
