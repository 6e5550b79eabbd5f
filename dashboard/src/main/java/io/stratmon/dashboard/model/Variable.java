package io.stratmon.dashboard.model;

import java.util.List;

/**
 * A dashboard variable: a selector in the page's header (and a Grafana template variable) that narrows every panel
 * reading a table with the column {@code name} to the chosen values. Its values come from the data: the distinct
 * values of that column over the tables the dashboard reads.
 *
 * @param name   the column it filters (a SYMBOL column such as {@code host}, {@code strategy}, {@code symbol}); also its
 *               URL key, {@code var-host=a}
 * @param label  shown before the selector
 * @param tables the only tables it reads values from and filters; empty = every table the dashboard reads that has
 *               the column
 */
public record Variable(String name, String label, List<String> tables) {
    /** The selector's "everything" value in URLs, as in Grafana: no filter. */
    public static final String ALL = "$__all";
    public static final int MAX_PER_DASHBOARD = 10;
}
