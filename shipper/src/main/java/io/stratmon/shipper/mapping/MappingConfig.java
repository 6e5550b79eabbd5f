package io.stratmon.shipper.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How records become rows.
 *
 * @param nameKey      key whose value names the table (e.g. {@code event})
 * @param defaultTable table for records without {@code nameKey}
 * @param timeKey      key holding the line's time (ISO-8601 / RFC 3339)
 * @param symbolKeys   string keys stored as SYMBOL (low cardinality); other strings become VARCHAR
 */
public record MappingConfig(String nameKey, String defaultTable, String timeKey, Set<String> symbolKeys) {

    /** The demo trader's and structlog's shape: {@code event} names the table, {@code timestamp} is the time. */
    public static MappingConfig defaults() {
        return new MappingConfig("event", "logs", "timestamp", Set.of("level", "symbol", "side"));
    }

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (nameKey == null || nameKey.isBlank()) problems.add("mapping.name_key: must not be empty");
        if (defaultTable == null || Names.table(defaultTable).isEmpty()) problems.add("mapping.default_table: not a valid table name [value=" + defaultTable + "]");
        if (timeKey == null || timeKey.isBlank()) problems.add("mapping.time_key: must not be empty");
        return problems;
    }
}
