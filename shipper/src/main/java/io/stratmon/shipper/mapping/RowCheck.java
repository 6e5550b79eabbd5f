package io.stratmon.shipper.mapping;

import java.util.Optional;

/**
 * A last look at a row before it is sent: why QuestDB would refuse it (e.g. a value that cannot fit the existing
 * column's type), or empty when it is fine. Rows it refuses are dead-lettered before sending, so they never cost the
 * rest of their batch. Called from the pipeline's single thread, in line order.
 */
@FunctionalInterface
public interface RowCheck {
    RowCheck NONE = new RowCheck() {
        @Override
        public Optional<String> problem(Row row) {
            return Optional.empty();
        }

        @Override
        public boolean settled(String table, String column, ColumnType type) {
            return true;
        }

        @Override
        public boolean settled(String table) {
            return true;
        }
    };

    Optional<String> problem(Row row);

    /**
     * Whether every row of {@code table} whose columns are all settled passes this check whatever its values, and
     * passing would teach the check nothing: then the single-pass path ({@code io.stratmon.shipper.fast}) may write such
     * a row without making it. A settled answer must stay true for the rest of the run. The default, false, sends
     * every row through {@link #problem}.
     */
    default boolean settled(String table, String column, ColumnType type) {
        return false;
    }

    /** Whether a row of {@code table} with no columns (or only settled ones) passes, as {@link #settled(String, String, ColumnType)} says for a column. */
    default boolean settled(String table) {
        return false;
    }

    /** {@code first}, then {@code second} for the rows {@code first} lets through (a row {@code first} refuses teaches {@code second} nothing). */
    static RowCheck both(RowCheck first, RowCheck second) {
        return new RowCheck() {
            @Override
            public Optional<String> problem(Row row) {
                Optional<String> problem = first.problem(row);
                return problem.isPresent() ? problem : second.problem(row);
            }

            @Override
            public boolean settled(String table, String column, ColumnType type) {
                return first.settled(table, column, type) && second.settled(table, column, type);
            }

            @Override
            public boolean settled(String table) {
                return first.settled(table) && second.settled(table);
            }
        };
    }
}
