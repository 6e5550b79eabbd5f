package io.stratmon.dashboard.query;

import java.time.Instant;

/**
 * What the page asks of a panel: the time range, the chart's width in pixels (which sets the bucket), for tables
 * and the event log a page number and filters, and the dashboard variables' choices. All validated before they get here.
 */
public record PanelRequest(Instant from, Instant to, int widthPx, EventFilter filter, int page, Selection selection) {
    public static final int MAX_PAGE = 1000;

    public PanelRequest {
        if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to [from=" + from + ", to=" + to + "]");
        if (widthPx < 1 || widthPx > 10_000) throw new IllegalArgumentException("width must be 1..10000 px [value=" + widthPx + "]");
        if (page < 0 || page > MAX_PAGE) throw new IllegalArgumentException("page must be 0.." + MAX_PAGE + " [value=" + page + "]");
        if (selection == null) selection = Selection.ALL;
    }

    public PanelRequest(Instant from, Instant to, int widthPx, EventFilter filter, int page) {
        this(from, to, widthPx, filter, page, Selection.ALL);
    }

    public PanelRequest withWidth(int px) {
        return new PanelRequest(from, to, px, filter, page, selection);
    }

    public PanelRequest withSelection(Selection s) {
        return new PanelRequest(from, to, widthPx, filter, page, s);
    }
}
