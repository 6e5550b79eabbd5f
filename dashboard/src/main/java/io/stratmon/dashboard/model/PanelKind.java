package io.stratmon.dashboard.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a panel shows its rows. The file spells them in lower case: {@code kind = "timeseries"}. */
public enum PanelKind {
    /** Lines over time: first TIMESTAMP column is x, numeric columns are series (one per group value with {@code group_by}). */
    TIMESERIES,
    /** Big numbers: the last row's numeric columns, one tile per column (and per group value). */
    STAT,
    /** The rows as they come, paged. */
    TABLE,
    /** One bar per category: the first column names it, numeric columns are the bars. */
    BAR,
    /** The live event log: newest rows of every log table, filtered by table, level and text. SQL is built by the server. */
    EVENTS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PanelKind> parse(String text) {
        if (text == null) return Optional.empty();
        return Arrays.stream(values()).filter(k -> k.id().equals(text.trim().toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(PanelKind::id).collect(Collectors.joining("|"));
    }
}
