package io.stratmon.shipper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Writes numbered JSON lines the way a trading app does, for rotation tests: every line has a unique {@code seq}
 * and a timestamp derived from it, so the exact set of rows in QuestDB can be checked.
 */
final class LogWriter {
    static final Instant BASE = Instant.parse("2026-11-27T00:00:00Z");

    private LogWriter() {}

    static String line(String table, long seq) {
        return "{\"timestamp\":\"" + BASE.plusMillis(seq) + "\",\"event\":\"" + table + "\",\"level\":\"INFO\",\"seq\":" + seq
                + ",\"note\":\"line " + seq + "\"}\n";
    }

    static String lines(String table, long from, long to) {
        StringBuilder sb = new StringBuilder();
        for (long i = from; i < to; i++) sb.append(line(table, i));
        return sb.toString();
    }

    static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void appendLines(Path file, String table, long from, long to) {
        append(file, lines(table, from, to));
    }
}
