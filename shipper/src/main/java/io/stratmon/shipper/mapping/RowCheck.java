package io.stratmon.shipper.mapping;

/**
 * A last look at a row before it is sent: returns why QuestDB would refuse it (e.g. a value that cannot fit the
 * existing column's type), or null when it is fine. Rows it refuses are dead-lettered before sending, so they never
 * cost the rest of their batch. Called from the pipeline's single thread, in line order.
 */
@FunctionalInterface
public interface RowCheck {
    RowCheck NONE = row -> null;

    String problem(Row row);
}
