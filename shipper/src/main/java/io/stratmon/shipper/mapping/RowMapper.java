package io.stratmon.shipper.mapping;

import io.stratmon.shipper.parse.LogRecord;

/** Turns a parsed record into a table row, or says why it can't. Pure and thread-safe; never throws for bad input. */
@FunctionalInterface
public interface RowMapper {
    Mapped map(LogRecord record);
}
