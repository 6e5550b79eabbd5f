package io.stratmon.dashboard.query;

import java.time.Instant;

/**
 * What the page asks of a panel: the time range, the chart's width in pixels (which sets the bucket), for tables
 * and the event log a page number and filters, and the dashboard variables' choices. All validated before they get here.
 *
 * @param endsNow the range is "the last N minutes" (or live): {@code to} is the moment of the request, so nothing
 *                after it is in the tables yet, and a rollup's last minute holds only rows up to it
 */
public record PanelRequest(Instant from, Instant to, int widthPx, EventFilter filter, int page, Selection selection, boolean endsNow) {
    public static final int MAX_PAGE = 1000;

    public PanelRequest {
        if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to [from=" + from + ", to=" + to + "]");
        if (widthPx < 1 || widthPx > 10_000) throw new IllegalArgumentException("width must be 1..10000 px [value=" + widthPx + "]");
        if (page < 0 || page > MAX_PAGE) throw new IllegalArgumentException("page must be 0.." + MAX_PAGE + " [value=" + page + "]");
        if (selection == null) selection = Selection.ALL;
    }

    /** A fixed range (from/to). */
    public PanelRequest(Instant from, Instant to, int widthPx, EventFilter filter, int page, Selection selection) {
        this(from, to, widthPx, filter, page, selection, false);
    }

    public PanelRequest(Instant from, Instant to, int widthPx, EventFilter filter, int page) {
        this(from, to, widthPx, filter, page, Selection.ALL, false);
    }

    public PanelRequest withWidth(int px) {
        return new PanelRequest(from, to, px, filter, page, selection, endsNow);
    }

    public PanelRequest withSelection(Selection s) {
        return new PanelRequest(from, to, widthPx, filter, page, s, endsNow);
    }

    /** The same range, known to end at the moment of the request. */
    public PanelRequest endingNow() {
        return new PanelRequest(from, to, widthPx, filter, page, selection, true);
    }
}
