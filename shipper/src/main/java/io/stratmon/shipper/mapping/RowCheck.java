package io.stratmon.shipper.mapping;

import java.util.Optional;

/**
 * A last look at a row before it is sent: why QuestDB would refuse it (e.g. a value that cannot fit the existing
 * column's type), or empty when it is fine. Rows it refuses are dead-lettered before sending, so they never cost the
 * rest of their batch. Called from the pipeline's single thread, in line order.
 */
@FunctionalInterface
public interface RowCheck {
    RowCheck NONE = row -> Optional.empty();

    Optional<String> problem(Row row);
}
