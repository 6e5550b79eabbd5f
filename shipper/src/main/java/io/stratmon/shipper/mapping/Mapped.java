package io.stratmon.shipper.mapping;

/** The outcome of mapping one record: a row, or the reason it cannot become one. */
public sealed interface Mapped {
    record Ok(Row row) implements Mapped {}

    record Rejected(String reason) implements Mapped {}
}
