package io.stratmon.shipper.parse;

import io.stratmon.shipper.tail.Line;

/** The outcome of parsing one line: a record, or the reason it is not one. */
public sealed interface Parsed {
    record Ok(LogRecord record) implements Parsed {}

    record Rejected(String reason) implements Parsed {}

    /** Only whitespace: skipped, not an error. */
    record Blank() implements Parsed {}
}
