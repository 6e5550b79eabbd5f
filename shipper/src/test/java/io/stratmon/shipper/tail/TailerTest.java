package io.stratmon.shipper.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TailerTest {
    @TempDir
    Path dir;

    final List<String> lines = new ArrayList<>();
    final List<Long> offsets = new ArrayList<>();
    final List<String> tooLong = new ArrayList<>();

    final Tailer.LineConsumer consumer = new Tailer.LineConsumer() {
        @Override
        public void accept(FileSource source, long offset, long next, byte[] buf, int start, int length) {
            lines.add(new String(buf, start, length, java.nio.charset.StandardCharsets.UTF_8));
            offsets.add(offset);
        }

        @Override
        public void tooLong(FileSource source, long offset, long length) {
            tooLong.add(offset + ":" + length);
        }
    };

    Tailer open(Path file, long offset, int max) throws Exception {
        return Tailer.open(file, FileId.of(file), offset, max);
    }

    void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void a_partial_last_line_waits_for_its_newline() throws Exception {
        Path f = dir.resolve("a.log");
        append(f, "one\ntw");
        try (Tailer t = open(f, 0, 1024)) {
            t.read(consumer, Long.MAX_VALUE, Integer.MAX_VALUE);
            assertThat(lines).containsExactly("one");
            assertThat(t.position()).isEqualTo(4);
            append(f, "o\nthree\n");
            t.read(consumer, Long.MAX_VALUE, Integer.MAX_VALUE);
            assertThat(lines).containsExactly("one", "two", "three");
            assertThat(offsets).containsExactly(0L, 4L, 8L);
            assertThat(t.position()).isEqualTo(Files.size(f));
        }
    }

    @Test
    void crlf_endings_are_stripped_and_empty_lines_skipped() throws Exception {
        Path f = dir.resolve("b.log");
        append(f, "a\r\n\n\r\nb\n");
        try (Tailer t = open(f, 0, 1024)) {
            t.read(consumer, Long.MAX_VALUE, Integer.MAX_VALUE);
        }
        assertThat(lines).containsExactly("a", "b");
    }

    @Test
    void resumes_from_an_offset() throws Exception {
        Path f = dir.resolve("c.log");
        append(f, "one\ntwo\n");
        try (Tailer t = open(f, 4, 1024)) {
            t.read(consumer, Long.MAX_VALUE, Integer.MAX_VALUE);
        }
        assertThat(lines).containsExactly("two");
    }

    @Test
    void over_long_lines_are_reported_and_skipped_without_buffering_them() throws Exception {
        Path f = dir.resolve("d.log");
        String big = "x".repeat(300_000);
        append(f, "ok1\n" + big + "\nok2\n");
        try (Tailer t = open(f, 0, 1000)) {
            t.read(consumer, Long.MAX_VALUE, Integer.MAX_VALUE);
            assertThat(lines).containsExactly("ok1", "ok2");
            assertThat(tooLong).containsExactly("4:300000");
            assertThat(t.position()).isEqualTo(Files.size(f));
        }
    }

    @Test
    void reads_lines_across_buffer_boundaries_with_budgets() throws Exception {
        Path f = dir.resolve("e.log");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50_000; i++) sb.append("{\"i\":").append(i).append("}\n");
        append(f, sb.toString());
        try (Tailer t = open(f, 0, 1 << 20)) {
            while (t.read(consumer, 10_000, 777) > 0) {
                // budgets keep each call short; keep reading until the end
            }
        }
        assertThat(lines).hasSize(50_000);
        for (int i = 0; i < 50_000; i++) assertThat(lines.get(i)).isEqualTo("{\"i\":" + i + "}");
    }

    @Test
    void detects_truncation_and_rewinds() throws Exception {
        Path f = dir.resolve("g.log");
        append(f, "one\ntwo\n");
        try (Tailer t = open(f, 0, 1024)) {
            t.read(consumer, Long.MAX_VALUE, Integer.MAX_VALUE);
            Files.writeString(f, "3\n");
            assertThat(t.truncated()).isTrue();
            t.rewind();
            t.read(consumer, Long.MAX_VALUE, Integer.MAX_VALUE);
        }
        assertThat(lines).containsExactly("one", "two", "3");
    }

    @Test
    void the_word_at_a_time_newline_search_agrees_with_a_plain_loop() {
        java.util.Random r = new java.util.Random(3);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[r.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                int k = r.nextInt(6);
                b[i] = k == 0 ? (byte) '\n' : k == 1 ? (byte) 0x8A : k == 2 ? (byte) 0x0B : k == 3 ? (byte) 0x09 : (byte) r.nextInt(256);
            }
            int from = b.length == 0 ? 0 : r.nextInt(b.length + 1);
            int to = from + (b.length == from ? 0 : r.nextInt(b.length - from + 1));
            int expected = to;
            for (int i = from; i < to; i++) {
                if (b[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertThat(Tailer.indexOfNewline(b, from, to)).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void content_rewritten_after_the_last_check_is_not_read_at_the_old_offsets() throws Exception {
        Path f = dir.resolve("rw.log");
        append(f, "{\"old\":1}\n{\"old\":2}\n");
        try (Tailer t = open(f, 0, 1024)) {
            t.read(consumer, Long.MAX_VALUE, Integer.MAX_VALUE);
            assertThat(lines).containsExactly("{\"old\":1}", "{\"old\":2}");
            // copytruncate, then the writer goes on with longer content, all before the shipper's next look.
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            append(f, "{\"new\":100000001}\n{\"new\":100000002}\n{\"new\":100000003}\n");
            long before = t.position();
            t.read(consumer, Long.MAX_VALUE, Integer.MAX_VALUE);
            assertThat(lines).as("nothing of the new content is read at the old offsets").hasSize(2);
            assertThat(t.position()).isEqualTo(before);
            assertThat(t.rewritten()).isTrue();
            t.rewind();
            t.read(consumer, Long.MAX_VALUE, Integer.MAX_VALUE);
        }
        assertThat(lines).containsExactly("{\"old\":1}", "{\"old\":2}", "{\"new\":100000001}", "{\"new\":100000002}", "{\"new\":100000003}");
    }
}
