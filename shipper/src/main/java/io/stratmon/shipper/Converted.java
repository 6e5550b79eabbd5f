package io.stratmon.shipper;

import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.tail.FileSource;
import io.stratmon.shipper.tail.Line;

/** What {@link LineConverter} made of one line: a row, the reason it cannot be one, or nothing (a blank line). */
public sealed interface Converted {
    /** Which step refused a line (READ: longer than {@code max_line_bytes}; SINK: QuestDB refused the row). */
    enum Stage { READ, PARSE, MAP, CHECK, SINK }

    Blank BLANK = new Blank();

    /** A row, with the line it came from: its source and offset become the {@code _src}/{@code _offset} keys. */
    record Ok(Row row, Line line) implements Converted {
        public FileSource source() {
            return line.source();
        }

        public long offset() {
            return line.offset();
        }
    }

    record Rejected(String reason, Stage stage) implements Converted {}

    /** Only whitespace: skipped, not an error. */
    record Blank() implements Converted {}
}
