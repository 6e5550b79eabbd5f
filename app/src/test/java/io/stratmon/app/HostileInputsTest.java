package io.stratmon.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile (or tired) user does to the command line: a directory where the config file should be, a file that
 * is not text, a data dir with a file in the way. Each is one line naming the file or key and what to do, exit 2,
 * no stack trace.
 */
class HostileInputsTest {
    @TempDir
    Path dir;

    @Test
    void a_directory_given_as_the_config_file_is_one_line_naming_it() throws Exception {
        Path d = Files.createDirectories(dir.resolve("conf.d"));
        CheckConfigCommandTest.Result r = CheckConfigCommandTest.run("check-config", d.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(d + ": cannot read the file [path=" + d.toAbsolutePath() + "]: is a directory, not a file")
                .doesNotContain("\tat ");
        CheckConfigCommandTest.Result up = CheckConfigCommandTest.run("up", "--config", d.toString());
        assertThat(up.code()).isEqualTo(2);
        assertThat(up.err()).contains("is a directory, not a file").doesNotContain("\tat ");
    }

    @Test
    void a_config_file_that_is_not_utf_8_text_is_one_line_naming_it() throws Exception {
        Path f = dir.resolve("binary.toml");
        Files.write(f, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3});
        CheckConfigCommandTest.Result r = CheckConfigCommandTest.run("check-config", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(f + ": cannot read the file [path=" + f.toAbsolutePath() + "]: not UTF-8 text").doesNotContain("\tat ");
    }

    @Test
    void an_embedded_data_dir_behind_a_file_is_one_line_naming_the_key_and_exit_2() throws Exception {
        Files.writeString(dir.resolve("afile"), "in the way");
        Path config = dir.resolve("stratmon.toml");
        Files.writeString(config, """
                [questdb]
                data_dir = "%s"
                http_port = 0
                pg_port = 0
                ilp_tcp_port = 0
                [shipper]
                state_dir = "%s"
                [dashboard]
                port = 0
                """.formatted(dir.resolve("afile/questdb"), dir.resolve("state")));
        CheckConfigCommandTest.Result r = CheckConfigCommandTest.run("up", "--config", config.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("error: questdb.data_dir: the embedded QuestDB cannot use its data dir [path=" + dir.resolve("afile/questdb").toAbsolutePath())
                .contains("FileAlreadyExistsException", "make it a directory this user can write");
    }
}
