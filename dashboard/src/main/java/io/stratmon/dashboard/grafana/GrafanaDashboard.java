package io.stratmon.dashboard.grafana;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stratmon.dashboard.model.Dashboard;
import io.stratmon.dashboard.model.Panel;
import io.stratmon.dashboard.model.PanelKind;
import io.stratmon.dashboard.model.Threshold;
import io.stratmon.dashboard.model.Variable;
import io.stratmon.dashboard.statement.TableScope;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stratmon dashboard as a Grafana dashboard JSON for file provisioning, querying QuestDB through Grafana's
 * PostgreSQL datasource. Panel SQL is copied as written, since dashboard files already use Grafana's macros; the
 * QuestDB plugin's spellings ({@code $__sampleByInterval}, {@code $__fromTime}, {@code $__toTime}) become the
 * PostgreSQL datasource's ({@code $__interval_msT}, {@code $__timeFrom()}, {@code $__timeTo()}).
 *
 * <p>Grouped time series use Grafana's "time series" format (long to wide by the group column; it needs the time
 * column to be called {@code time}); the others use "table" format, as the reference dashboard does. The event log
 * becomes a table of one log table at a time, picked with a {@code log_table} dashboard variable.
 *
 * <p>A dashboard variable that lists its {@code tables} becomes a Grafana query variable (multi-value, with "All"; its
 * values the distinct values of the column in those tables over the dashboard's time range), and every reference to
 * one of those tables in panel SQL becomes {@code (SELECT * FROM "t" WHERE "col" IN ($col)) "t"}, which Grafana fills
 * with quoted, escaped values. A variable without {@code tables} is not exported ({@link #notExported}): offline,
 * nothing says which tables have its column, and a filter on a table without it would break the panel, while no
 * filter under a selector would show every host's data as if it were one host's.
 */
public final class GrafanaDashboard {
    public static final String DATASOURCE_UID = "stratmon-questdb";
    public static final String DATASOURCE_TYPE = "postgres";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int GRID = 24;
    private static final Map<String, String> UNITS = Map.of("USD", "currencyUSD", "µs", "µs", "us", "µs", "ms", "ms", "s", "s", "%", "percent");
    private static final Map<String, String> COLORS = Map.of("gray", "#8b949e", "text", "text");

    private GrafanaDashboard() {}

    public static ObjectNode of(Dashboard d) {
        ObjectNode root = JSON.createObjectNode();
        root.put("uid", "stratmon-" + d.id());
        root.put("title", d.title());
        root.put("description", d.description());
        root.putArray("tags").add("stratmon");
        root.put("editable", true);
        root.put("graphTooltip", 1);
        root.put("schemaVersion", 39);
        root.put("version", 1);
        root.put("refresh", "5s");
        root.put("timezone", "");
        root.putObject("time").put("from", "now-15m").put("to", "now");
        root.putObject("timepicker").putArray("refresh_intervals").add("1s").add("5s").add("10s").add("30s").add("1m").add("5m");
        ObjectNode builtIn = root.putObject("annotations").putArray("list").addObject();
        builtIn.put("builtIn", 1).put("enable", true).put("hide", true).put("name", "Annotations & Alerts").put("type", "dashboard")
                .put("iconColor", "rgba(0, 211, 255, 1)");
        builtIn.putObject("datasource").put("type", "grafana").put("uid", "-- Grafana --");
        ArrayNode variables = root.putObject("templating").putArray("list");
        for (Variable v : d.variables()) if (!v.tables().isEmpty()) queryVariable(v, variables);
        ArrayNode panels = root.putArray("panels");
        int x = 0, y = 0, rowHeight = 0, id = 1;
        for (Panel p : d.panels()) {
            int w = Math.min(GRID, p.width() * 2);
            int h = height(p);
            if (x + w > GRID) {
                x = 0;
                y += rowHeight;
                rowHeight = 0;
            }
            panels.add(panel(p, id++, x, y, w, h, variables, d.variables()));
            x += w;
            rowHeight = Math.max(rowHeight, h);
        }
        return root;
    }

    /** Panel SQL for Grafana's PostgreSQL datasource. */
    public static String sql(String statement) {
        return statement.replace("$__sampleByInterval", "$__interval_msT")
                .replace("$__fromTime", "$__timeFrom()")
                .replace("$__toTime", "$__timeTo()");
    }

    /** The variables of {@code d} that the export leaves out, each with the reason, for the command to print. */
    public static List<String> notExported(Dashboard d) {
        return d.variables().stream().filter(v -> v.tables().isEmpty())
                .map(v -> d.id() + ": variable " + v.name() + " not exported to Grafana (list the tables that have the column: "
                        + "[[variables]] tables = [...])").toList();
    }

    /** Panel SQL with each table a variable lists narrowed to the variable's values ({@code $host}, filled by Grafana). */
    static String scoped(String statement, List<Variable> vars) {
        return TableScope.apply(statement, table -> {
            List<String> parts = new ArrayList<>();
            for (Variable v : vars) {
                if (v.tables().stream().anyMatch(t -> t.equalsIgnoreCase(table))) parts.add("\"" + v.name() + "\" IN ($" + v.name() + ")");
            }
            return parts.isEmpty() ? null : String.join(" AND ", parts);
        });
    }

    private static void queryVariable(Variable v, ArrayNode variables) {
        ObjectNode n = variables.addObject();
        n.put("name", v.name()).put("label", v.label()).put("type", "query").put("hide", 0).put("multi", true).put("includeAll", true)
                .put("skipUrlSync", false).put("refresh", 2).put("sort", 1);
        datasource(n.putObject("datasource"));
        String q = String.join(" UNION ", v.tables().stream()
                .map(t -> "SELECT DISTINCT \"" + v.name() + "\" FROM \"" + t + "\" WHERE $__timeFilter(timestamp)").toList());
        n.put("query", q);
        n.put("definition", q);
        ObjectNode current = n.putObject("current");
        current.putArray("text").add("All");
        current.putArray("value").add("$__all");
    }

    private static ObjectNode panel(Panel p, int id, int x, int y, int w, int h, ArrayNode variables, List<Variable> vars) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("title", p.title());
        n.put("type", switch (p.kind()) {
            case TIMESERIES -> "timeseries";
            case STAT -> "stat";
            case TABLE, EVENTS -> "table";
            case BAR -> "barchart";
        });
        n.putObject("gridPos").put("x", x).put("y", y).put("w", w).put("h", h);
        datasource(n.putObject("datasource"));
        if (p.minInterval() != null) n.put("interval", grafanaInterval(p.minInterval()));
        ArrayNode targets = n.putArray("targets");
        if (p.kind() == PanelKind.EVENTS) {
            String variable = logTableVariable(p, variables);
            target(targets, 0, "SELECT * FROM \"$" + variable + "\" WHERE $__timeFilter(timestamp) ORDER BY timestamp DESC LIMIT "
                    + Math.max(100, p.pageSize() * 4), "table");
            ObjectNode organize = n.putArray("transformations").addObject();
            organize.put("id", "organize");
            organize.putObject("options").putObject("excludeByName").put("_src", true).put("_offset", true);
        } else {
            String format = p.kind() == PanelKind.TIMESERIES && p.groupBy() != null ? "time_series" : "table";
            for (int i = 0; i < p.sql().size(); i++) target(targets, i, scoped(sql(p.sql().get(i)), vars), format);
        }
        ObjectNode defaults = n.putObject("fieldConfig").putObject("defaults");
        ArrayNode overrides = ((ObjectNode) n.get("fieldConfig")).putArray("overrides");
        if (!p.unit().isEmpty()) defaults.put("unit", UNITS.getOrDefault(p.unit(), "suffix: " + p.unit()));
        if (p.decimals() != null) defaults.put("decimals", p.decimals());
        thresholds(defaults, p.thresholds());
        ObjectNode options = n.putObject("options");
        switch (p.kind()) {
            case TIMESERIES -> {
                ObjectNode custom = defaults.putObject("custom");
                custom.put("drawStyle", "line").put("lineWidth", 1).put("fillOpacity", 0).put("spanNulls", true).put("showPoints", "never");
                custom.putObject("thresholdsStyle").put("mode", p.thresholds().stream().anyMatch(t -> t.value() != null) ? "dashed" : "off");
                defaults.putObject("color").put("mode", "palette-classic");
                for (String column : p.rightAxis()) {
                    ObjectNode o = overrides.addObject();
                    o.putObject("matcher").put("id", "byName").put("options", column);
                    o.putArray("properties").addObject().put("id", "custom.axisPlacement").put("value", "right");
                }
                options.putObject("legend").put("displayMode", "list").put("placement", "bottom").put("showLegend", true);
                options.putObject("tooltip").put("mode", "multi").put("sort", "none");
            }
            case STAT -> {
                ObjectNode reduce = options.putObject("reduceOptions");
                reduce.putArray("calcs").add("lastNotNull");
                reduce.put("fields", "").put("values", false);
                options.put("colorMode", "value").put("graphMode", "none").put("textMode", "value_and_name").put("justifyMode", "auto");
                if (p.thresholds().isEmpty()) defaults.putObject("color").put("mode", "fixed").put("fixedColor", "text");
                else defaults.putObject("color").put("mode", "thresholds");
            }
            case BAR -> {
                options.put("orientation", "horizontal").put("showValue", "auto"); // x: the first text column
                options.putObject("legend").put("displayMode", "list").put("placement", "bottom").put("showLegend", false);
            }
            case TABLE, EVENTS -> options.put("showHeader", true).put("cellHeight", "sm");
        }
        return n;
    }

    private static void target(ArrayNode targets, int index, String rawSql, String format) {
        ObjectNode t = targets.addObject();
        datasource(t.putObject("datasource"));
        t.put("refId", String.valueOf((char) ('A' + index)));
        t.put("editorMode", "code");
        t.put("rawQuery", true);
        t.put("format", format);
        t.put("rawSql", rawSql);
    }

    private static void datasource(ObjectNode ds) {
        ds.put("type", DATASOURCE_TYPE).put("uid", DATASOURCE_UID);
    }

    private static void thresholds(ObjectNode defaults, List<Threshold> thresholds) {
        ObjectNode t = defaults.putObject("thresholds");
        t.put("mode", "absolute");
        ArrayNode steps = t.putArray("steps");
        boolean hasBase = !thresholds.isEmpty() && thresholds.get(0).value() == null;
        if (!hasBase) steps.addObject().put("color", "text").putNull("value");
        for (Threshold th : thresholds) {
            ObjectNode s = steps.addObject().put("color", COLORS.getOrDefault(th.color(), th.color()));
            if (th.value() == null) s.putNull("value"); else s.put("value", th.value());
        }
    }

    /** A {@code log_table} variable: the tables the event log reads (the panel's list, or every table but ours). */
    private static String logTableVariable(Panel p, ArrayNode variables) {
        String name = "log_table";
        for (var v : variables) if (name.equals(v.path("name").asText())) return name;
        ObjectNode v = variables.addObject();
        v.put("name", name).put("label", "log table").put("hide", 0).put("multi", false).put("includeAll", false).put("skipUrlSync", false);
        if (p.tables().isEmpty()) {
            v.put("type", "query");
            datasource(v.putObject("datasource"));
            String q = "SELECT table_name FROM tables() WHERE table_name NOT LIKE 'stratmon%' AND designatedTimestamp = 'timestamp' ORDER BY table_name";
            v.put("query", q);
            v.put("definition", q);
            v.put("refresh", 2);
            v.put("sort", 1);
        } else {
            v.put("type", "custom");
            v.put("query", String.join(",", p.tables()));
            ObjectNode current = v.putObject("current");
            current.put("text", p.tables().get(0)).put("value", p.tables().get(0));
            ArrayNode options = v.putArray("options");
            for (String t : p.tables()) options.addObject().put("text", t).put("value", t).put("selected", t.equals(p.tables().get(0)));
        }
        return name;
    }

    private static int height(Panel p) {
        return switch (p.kind()) {
            case STAT -> 4;
            case TIMESERIES -> 8;
            case TABLE, BAR -> 6;
            case EVENTS -> 12;
        };
    }

    /**
     * A panel's interval in Grafana's own grammar, which takes one unit ({@code 90m}, not stratmon's {@code 1h30m}):
     * the largest unit that divides it exactly.
     */
    static String grafanaInterval(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1_000 == 0) return ms / 1_000 + "s";
        return ms + "ms";
    }
}
