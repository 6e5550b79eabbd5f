package io.stratmon.shipper.mapping;

import io.stratmon.shipper.config.ConfigProblem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An input's constant labels ({@code [inputs.labels]}): name → value, written as SYMBOL columns on every row of the
 * input, before the line's own columns. A label wins over a field of the same name (compared as QuestDB compares
 * names, case-insensitively): the field is numbered like any other collision ({@code host_2}), never dropped.
 * A label with an empty value is left out ({@code host = ""} switches the default host label off).
 *
 * <p>Names follow the column-name rules ({@link Names}): a name {@link Names#column} would change, one of the
 * shipper's own columns ({@code timestamp}, {@code _src}, {@code _offset}) or two names QuestDB takes for one are
 * problems, as are values with control characters or lone surrogates (QuestDB would store them, a dashboard selector
 * would show garbage).
 */
public final class Labels {
    /** The label that also names the host in the dedup key {@code _src}. */
    public static final String HOST = "host";
    public static final Labels NONE = new Labels(Map.of());

    private final Map<String, String> values;
    private final List<Row.Column> columns;

    private Labels(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        List<Row.Column> cols = new ArrayList<>();
        this.values.forEach((k, v) -> {
            if (!v.isEmpty()) cols.add(new Row.Column(k, ColumnType.SYMBOL, v));
        });
        this.columns = List.copyOf(cols);
    }

    public static Labels of(Map<String, String> values) {
        return values == null || values.isEmpty() ? NONE : new Labels(values);
    }

    /** The labels as written (empty values included, so they still override a default). */
    public Map<String, String> values() {
        return values;
    }

    /** The SYMBOL columns every row of the input starts with (the same instances for every row). */
    public List<Row.Column> columns() {
        return columns;
    }

    /** The value of {@code host}, or null when there is none (or it is empty). */
    public String host() {
        String h = values.get(HOST);
        return h == null || h.isEmpty() ? null : h;
    }

    /** These labels, then {@code more} (which win for the same name). */
    public Labels with(Map<String, String> more) {
        if (more == null || more.isEmpty()) return this;
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(more);
        return new Labels(merged);
    }

    /** {@code defaults} for the names these labels do not set, then these. */
    public Labels orDefaults(Map<String, String> defaults) {
        Map<String, String> merged = new LinkedHashMap<>();
        defaults.forEach((k, v) -> {
            if (!values.containsKey(k)) merged.put(k, v);
        });
        merged.putAll(values);
        return new Labels(merged);
    }

    /** Every problem, each naming its label as {@code labels.<name>}. */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, String> folded = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String name = e.getKey();
            String key = "labels." + name;
            String column = Names.column(name);
            if (!column.equals(name)) {
                problems.add(ConfigProblem.of(key, "not a column name QuestDB accepts (no . , ' \" \\ / : ( ) + - * % ~ ?,"
                        + " spaces or control characters, at most " + Names.MAX_LENGTH + " characters)"
                        + (column.isEmpty() ? "" : "; did you mean " + column + "?")));
                continue;
            }
            String fold = Names.fold(name);
            for (String reserved : ColumnNames.RESERVED) {
                if (reserved.equals(fold)) problems.add(ConfigProblem.of(key, "is one of the shipper's own columns (timestamp, _src, _offset): choose another name"));
            }
            String other = folded.put(fold, name);
            if (other != null) problems.add(ConfigProblem.of(key, "is the same column as label " + other + " (QuestDB compares names case-insensitively)"));
            String badValue = badValue(e.getValue());
            if (badValue != null) problems.add(ConfigProblem.of(key, badValue));
        }
        return problems;
    }

    private static String badValue(String v) {
        if (v == null) return "needs a string value";
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isISOControl(c)) return "control character in the value at index " + i + " [code=U+" + String.format("%04X", (int) c) + "]";
            if (Character.isSurrogate(c)) {
                boolean pair = Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1));
                if (!pair) return "lone surrogate in the value at index " + i;
                i++;
            }
        }
        return null;
    }

    /** Reserves the label names in a row's column names, so that a field of the same name is numbered. */
    void reserve(ColumnNames used) {
        for (Row.Column c : columns) used.add(c.name(), Names.fold(c.name()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels l && l.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
