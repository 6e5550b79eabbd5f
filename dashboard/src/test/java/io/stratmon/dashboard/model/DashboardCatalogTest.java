package io.stratmon.dashboard.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardCatalogTest {
    static final String GOOD = """
            title = "Desk"
            [[panels]]
            title = "Equity"
            kind = "stat"
            sql = "SELECT last(equity) FROM pnl WHERE $__timeFilter(timestamp)"
            """;

    @TempDir
    Path dir;

    @Test
    void shows_built_ins_first_then_user_files_and_bad_files_as_problems() throws Exception {
        Files.writeString(dir.resolve("desk.toml"), GOOD);
        Files.writeString(dir.resolve("broken.toml"), "title = \"x\"\n[[panels]]\nkind = \"pie\"\n");
        Files.writeString(dir.resolve("notes.txt"), "not a dashboard");
        Files.writeString(dir.resolve(".hidden.toml"), "junk");
        DashboardCatalog catalog = new DashboardCatalog(dir);
        assertThat(catalog.all()).extracting(DashboardLoader.Result::id).containsExactly("default", "reference", "broken", "desk");
        assertThat(catalog.dashboard("desk")).get().extracting(Dashboard::title).isEqualTo("Desk");
        DashboardLoader.Result broken = catalog.find("broken").orElseThrow();
        assertThat(broken).isInstanceOf(DashboardLoader.Result.Broken.class);
        assertThat(((DashboardLoader.Result.Broken) broken).source()).endsWith("broken.toml");
        assertThat(catalog.dashboard("broken")).isEmpty();
    }

    @Test
    void picks_up_new_changed_and_deleted_files_on_the_next_look() throws Exception {
        DashboardCatalog catalog = new DashboardCatalog(dir);
        assertThat(catalog.find("desk")).isEmpty();
        Path file = dir.resolve("desk.toml");
        Files.writeString(file, GOOD);
        assertThat(catalog.dashboard("desk")).isPresent();
        Files.writeString(file, GOOD.replace("Desk", "Desk two"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(catalog.dashboard("desk").orElseThrow().title()).isEqualTo("Desk two");
        Files.delete(file);
        assertThat(catalog.find("desk")).isEmpty();
    }

    @Test
    void a_user_file_replaces_the_built_in_of_the_same_name() throws Exception {
        Files.writeString(dir.resolve("default.json"), """
                {"title": "My default", "panels": [{"title": "n", "kind": "stat", "sql": "SELECT 1"}]}
                """);
        DashboardCatalog catalog = new DashboardCatalog(dir);
        assertThat(catalog.dashboard("default").orElseThrow().title()).isEqualTo("My default");
        assertThat(catalog.all()).extracting(DashboardLoader.Result::id).containsExactly("default", "reference");
    }

    @Test
    void a_missing_directory_is_reported_not_fatal() {
        DashboardCatalog catalog = new DashboardCatalog(dir.resolve("nope"));
        assertThat(catalog.dashboard("default")).isPresent();
        assertThat(catalog.find("dashboards-dir")).get().isInstanceOf(DashboardLoader.Result.Broken.class);
    }
}
