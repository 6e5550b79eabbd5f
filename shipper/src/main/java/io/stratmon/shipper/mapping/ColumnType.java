package io.stratmon.shipper.mapping;

/** QuestDB column types the shipper writes over ILP. */
public enum ColumnType {
    /** Low-cardinality string, indexed by QuestDB (ILP tag). */
    SYMBOL,
    /** Free text (ILP string field, stored as VARCHAR). */
    VARCHAR,
    DOUBLE,
    LONG,
    BOOLEAN,
    /** Epoch nanoseconds in the value; stored as a QuestDB TIMESTAMP column. */
    TIMESTAMP
}
