package io.stratmon.dashboard;

import io.javalin.http.Context;
import io.stratmon.sql.Durations;
import io.stratmon.dashboard.model.Dashboard;
import io.stratmon.dashboard.model.Variable;
import io.stratmon.dashboard.query.EventFilter;
import io.stratmon.dashboard.query.PanelRequest;
import io.stratmon.dashboard.query.Selection;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The page's query parameters, validated into typed values; anything malformed is an {@link IllegalArgumentException}
 * (answered 400) before it comes near SQL.
 * <ul>
 *   <li>{@code range=15m} (last 15 minutes, up to now) or {@code from=ISO&to=ISO}</li>
 *   <li>{@code w=600}: the chart's plot width in pixels (sets the bucket); {@code px=price:1200,pnl:600} per panel</li>
 *   <li>{@code table}, {@code level}, {@code q}, {@code page}: event log filters and table pages</li>
 *   <li>{@code var-host=a} (repeated for several values; {@code $__all} or absent: all): a dashboard variable's choice</li>
 * </ul>
 */
final class RequestParams {
    static final Duration DEFAULT_RANGE = Duration.ofMinutes(15);
    static final Duration MAX_RANGE = Duration.ofDays(366);
    static final int DEFAULT_WIDTH = 600;
    /** QuestDB timestamps are microseconds since 1970 in a long; stay well inside what every stage can represent. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final Pattern WIDTH_ENTRY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}:\\d{1,5}");

    private RequestParams() {}

    static Duration range(Context ctx) {
        String text = ctx.queryParam("range");
        Duration range;
        try {
            range = text == null || text.isBlank() ? DEFAULT_RANGE : Durations.parsePositive(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("range: " + e.getMessage());
        }
        if (range.compareTo(MAX_RANGE) > 0) throw new IllegalArgumentException("range longer than " + MAX_RANGE.toDays() + " days [value=" + text + "]");
        return range;
    }

    static boolean isAbsolute(Context ctx) {
        return ctx.queryParam("from") != null || ctx.queryParam("to") != null;
    }

    /** A one-off request: absolute from/to, or the last {@code range} before now. */
    static PanelRequest panelRequest(Context ctx, Instant now) {
        Instant from;
        Instant to;
        boolean endsNow = !isAbsolute(ctx);
        if (!endsNow) {
            from = instant("from", ctx.queryParam("from"));
            to = instant("to", ctx.queryParam("to"));
            if (!to.isAfter(from)) throw new IllegalArgumentException("to must be after from [from=" + from + ", to=" + to + "]");
            if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) throw new IllegalArgumentException("range longer than " + MAX_RANGE.toDays() + " days");
        } else {
            to = now;
            from = now.minus(range(ctx));
        }
        PanelRequest request = new PanelRequest(from, to, width(ctx), filter(ctx), page(ctx));
        return endsNow ? request.endingNow() : request;
    }

    static final String VAR_PREFIX = "var-";
    static final int MAX_VALUE_CHARS = 200;
    static final int MAX_VALUES = 100;

    /**
     * The {@code var-NAME} parameters for a dashboard, validated: NAME must be one of its variables, each value at most
     * {@value #MAX_VALUE_CHARS} printable characters, at most {@value #MAX_VALUES} values. They are never pasted into
     * SQL: {@link Selection} quotes them.
     */
    static Selection selection(Context ctx, Dashboard dashboard) {
        List<Selection.Choice> choices = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : new TreeMap<>(ctx.queryParamMap()).entrySet()) {
            if (!e.getKey().startsWith(VAR_PREFIX)) continue;
            String name = e.getKey().substring(VAR_PREFIX.length());
            Variable v = dashboard.variable(name).orElseThrow(() -> new IllegalArgumentException("unknown variable [name=" + name
                    + ", dashboard=" + dashboard.id() + ", known=" + String.join(",", dashboard.variables().stream().map(Variable::name).toList()) + "]"));
            List<String> values = new ArrayList<>(new LinkedHashSet<>(e.getValue()));
            if (values.size() > MAX_VALUES) throw new IllegalArgumentException("var-" + name + ": at most " + MAX_VALUES + " values [count=" + values.size() + "]");
            for (String value : values) {
                if (value.isEmpty() || value.length() > MAX_VALUE_CHARS || value.chars().anyMatch(Character::isISOControl)
                        || !value.codePoints().allMatch(Character::isDefined)) {
                    throw new IllegalArgumentException("var-" + name + ": a value is 1.." + MAX_VALUE_CHARS + " printable characters");
                }
            }
            if (values.contains(Variable.ALL)) continue;  // "all" wins: no filter
            choices.add(new Selection.Choice(v.name(), v.tables(), List.copyOf(values)));
        }
        return choices.isEmpty() ? Selection.ALL : new Selection(List.copyOf(choices));
    }

    static EventFilter filter(Context ctx) {
        return EventFilter.of(ctx.queryParam("table"), ctx.queryParam("level"), ctx.queryParam("q"));
    }

    static int width(Context ctx) {
        return intParam(ctx, "w", DEFAULT_WIDTH, 10, 10_000);
    }

    static int page(Context ctx) {
        return intParam(ctx, "page", 0, 0, PanelRequest.MAX_PAGE);
    }

    /** {@code px=price:1200,pnl:600}: each panel's width. */
    static Map<String, Integer> widths(Context ctx) {
        Map<String, Integer> widths = new HashMap<>();
        String text = ctx.queryParam("px");
        if (text == null || text.isBlank()) return widths;
        for (String entry : text.split(",")) {
            if (!WIDTH_ENTRY.matcher(entry).matches()) throw new IllegalArgumentException("px must look like price:1200,pnl:600 [entry=" + entry + "]");
            int colon = entry.indexOf(':');
            int px = Integer.parseInt(entry.substring(colon + 1));
            if (px < 10 || px > 10_000) throw new IllegalArgumentException("px width must be 10..10000 [entry=" + entry + "]");
            widths.put(entry.substring(0, colon), px);
        }
        return widths;
    }

    private static Instant instant(String name, String text) {
        if (text == null) throw new IllegalArgumentException("from and to go together [missing=" + name + "]");
        try {
            Instant t = Instant.parse(text);
            if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
                throw new IllegalArgumentException(name + " must lie between " + EARLIEST + " and " + LATEST + " [value=" + text + "]");
            }
            return t;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " is not an ISO-8601 instant like 2026-11-27T10:00:00Z [value=" + text + "]");
        }
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) return fallback;
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException ignored) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException(name + " must be a whole number " + min + ".." + max + " [value=" + text + "]");
    }
}
