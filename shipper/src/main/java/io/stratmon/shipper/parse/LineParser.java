package io.stratmon.shipper.parse;

import io.stratmon.shipper.tail.Line;

/** Turns one line into a record, or says why it can't. Never throws for bad input; thread-safe. */
@FunctionalInterface
public interface LineParser {
    Parsed parse(Line line);
}
