package io.stratmon.dashboard.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.stratmon.dashboard.statement.Macros;
import io.stratmon.dashboard.statement.SqlGuard;
import io.stratmon.dashboard.statement.TableScope;
import io.stratmon.sql.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a dashboard file (TOML, or JSON with the same keys) into a {@link Dashboard}, or lists everything wrong with
 * it. Pure: no I/O, no database. Unknown keys are errors, and every panel statement must pass {@link SqlGuard}.
 *
 * <pre>{@code
 * DashboardLoader.Result r = DashboardLoader.load("trading", "dashboards/trading.toml", text, DashboardLoader.Format.TOML);
 * if (r instanceof DashboardLoader.Result.Broken b) log.warn("{}", b.problems());
 * }</pre>
 */
public final class DashboardLoader {
    public enum Format { TOML, JSON }

    /** A loaded dashboard, or the file's problems (one message each, with the key path). */
    public sealed interface Result {
        String id();

        record Ok(Dashboard dashboard) implements Result {
            public String id() {
                return dashboard.id();
            }
        }

        record Broken(String id, String source, List<String> problems) implements Result {}
    }

    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}|green|red|orange|yellow|blue|purple|gray|text");
    private static final ObjectMapper TOML = configure(new TomlMapper());
    private static final ObjectMapper JSON = configure(new ObjectMapper());

    private DashboardLoader() {}

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public static Result load(String id, String source, String text, Format format) {
        if (!ID.matcher(id).matches()) {
            return new Result.Broken(id, source, List.of("file name must be a dashboard id: lower-case letters, digits, '-' and '_' [id=" + id + "]"));
        }
        DashboardFile file;
        try {
            file = (format == Format.TOML ? TOML : JSON).readValue(text, DashboardFile.class);
        } catch (JsonProcessingException e) {
            return new Result.Broken(id, source, List.of(describe(e)));
        }
        if (file == null) return new Result.Broken(id, source, List.of("empty file"));
        List<String> problems = new ArrayList<>();
        String title = file.title() == null || file.title().isBlank() ? null : file.title().strip();
        if (title == null) problems.add("title: is required");
        List<Panel> panels = new ArrayList<>();
        if (file.panels() == null || file.panels().isEmpty()) problems.add("panels: needs at least one [[panels]] entry");
        Set<String> ids = new HashSet<>();
        List<DashboardFile.PanelFile> panelFiles = file.panels() == null ? List.of() : file.panels();
        for (int i = 0; i < panelFiles.size(); i++) {
            Panel panel = panel(panelFiles.get(i), i, problems);
            if (panel != null && !ids.add(panel.id())) problems.add(path(i, panelFiles.get(i)) + "id: duplicate panel id [id=" + panel.id() + "]");
            if (panel != null) panels.add(panel);
        }
        sharedViewsAgree(panels, problems);
        List<Variable> variables = variables(file.variables() == null ? List.of() : file.variables(), problems);
        if (!problems.isEmpty()) return new Result.Broken(id, source, List.copyOf(problems));
        return new Result.Ok(new Dashboard(id, title, Objects.requireNonNullElse(file.description(), ""), List.copyOf(panels), source,
                variables));
    }

    private static Panel panel(DashboardFile.PanelFile f, int index, List<String> problems) {
        String at = path(index, f);
        int before = problems.size();
        if (f == null) {
            problems.add(at + "empty panel");
            return null;
        }
        String title = f.title() == null || f.title().isBlank() ? null : f.title().strip();
        if (title == null) problems.add(at + "title: is required");
        String id = f.id() != null ? f.id() : slug(title == null ? "panel-" + (index + 1) : title);
        if (!ID.matcher(id).matches()) problems.add(at + "id: lower-case letters, digits, '-' and '_' [id=" + id + "]");
        PanelKind kind = PanelKind.parse(f.kind()).orElse(null);
        if (kind == null) problems.add(at + "kind: must be one of " + PanelKind.names() + " [value=" + f.kind() + "]");
        List<String> sql = f.sql() == null ? List.of() : f.sql().stream().map(s -> s == null ? "" : s.strip()).toList();
        if (kind == PanelKind.EVENTS) {
            if (!sql.isEmpty()) problems.add(at + "sql: not used by kind events (the server builds the event log's SQL)");
        } else if (kind != null && sql.isEmpty()) {
            problems.add(at + "sql: is required");
        }
        checkStatements(sql, at, problems);
        int width = f.width() == null ? (kind == PanelKind.STAT ? 3 : 6) : f.width();
        if (width < 1 || width > Panel.GRID_COLUMNS) problems.add(at + "width: must be 1.." + Panel.GRID_COLUMNS + " [value=" + width + "]");
        String groupBy = f.groupBy() == null || f.groupBy().isBlank() ? null : f.groupBy().strip();
        if (groupBy != null && !IDENTIFIER.matcher(groupBy).matches()) problems.add(at + "group_by: must be a column name [value=" + groupBy + "]");
        boolean split = Boolean.TRUE.equals(f.split());
        if (split && (groupBy == null || kind != PanelKind.TIMESERIES)) problems.add(at + "split: needs kind timeseries and group_by");
        List<String> band = f.band() == null ? List.of() : f.band();
        if (!band.isEmpty() && band.size() != 2) problems.add(at + "band: needs exactly two columns, low and high [value=" + band + "]");
        List<String> rightAxis = f.rightAxis() == null ? List.of() : f.rightAxis();
        for (String column : concat(band, rightAxis)) {
            if (column == null || !IDENTIFIER.matcher(column).matches()) problems.add(at + "band/right_axis: must be column names [value=" + column + "]");
        }
        List<Threshold> thresholds = new ArrayList<>();
        if (f.thresholds() != null) {
            for (DashboardFile.ThresholdFile t : f.thresholds()) {
                if (t == null || t.color() == null || !COLOR.matcher(t.color()).matches()) {
                    problems.add(at + "thresholds: color must be #rrggbb or a name (green, red, orange, yellow, blue, purple, gray) [value="
                            + (t == null ? null : t.color()) + "]");
                } else {
                    thresholds.add(new Threshold(t.value(), t.color()));
                }
            }
        }
        Duration minInterval = null;
        if (f.minInterval() != null) {
            try {
                minInterval = Durations.parsePositive(f.minInterval());
            } catch (IllegalArgumentException e) {
                problems.add(at + "min_interval: " + e.getMessage());
            }
        }
        if (f.decimals() != null && (f.decimals() < 0 || f.decimals() > 10)) problems.add(at + "decimals: must be 0..10 [value=" + f.decimals() + "]");
        int pageSize = f.pageSize() == null ? 50 : f.pageSize();
        if (pageSize < 1 || pageSize > Panel.MAX_PAGE_SIZE) problems.add(at + "page_size: must be 1.." + Panel.MAX_PAGE_SIZE + " [value=" + pageSize + "]");
        List<String> tables = f.tables() == null ? List.of() : f.tables();
        if (!tables.isEmpty() && kind != PanelKind.EVENTS) problems.add(at + "tables: only for kind events");
        for (String table : tables) {
            if (table == null || table.isBlank() || table.contains("\"")) problems.add(at + "tables: not a table name [value=" + table + "]");
        }
        Rollup rollup = f.rollup() == null ? null : rollup(f.rollup(), kind, at + "rollup.", problems);
        if (problems.size() > before) return null;
        return new Panel(id, title, kind, sql, Objects.requireNonNullElse(f.unit(), ""), width, groupBy, split, List.copyOf(band),
                List.copyOf(rightAxis), List.copyOf(thresholds), minInterval, f.decimals(),
                Objects.requireNonNullElse(f.emptyText(), "no data yet"), pageSize, List.copyOf(tables), rollup);
    }

    /** Panels may share a view (one row count per table serves several panels), but only the same view. */
    private static void sharedViewsAgree(List<Panel> panels, List<String> problems) {
        java.util.Map<String, String> creates = new java.util.HashMap<>();
        for (Panel p : panels) {
            if (p.rollup() == null) continue;
            for (Rollup.View v : p.rollup().views()) {
                String other = creates.putIfAbsent(v.name().toLowerCase(Locale.ROOT), v.create());
                if (other != null && !other.equals(v.create())) {
                    problems.add("panels \"" + p.title() + "\": rollup view " + v.name() + " is made differently by another panel (one view, one create)");
                }
            }
        }
    }

    /** Each variable names a column (an identifier, once per dashboard); its tables, if listed, are table names. */
    private static List<Variable> variables(List<DashboardFile.VariableFile> files, List<String> problems) {
        List<Variable> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (files.size() > Variable.MAX_PER_DASHBOARD) {
            problems.add("variables: at most " + Variable.MAX_PER_DASHBOARD + " per dashboard [count=" + files.size() + "]");
        }
        for (int i = 0; i < files.size(); i++) {
            DashboardFile.VariableFile f = files.get(i);
            String at = "variables[" + i + "]" + (f == null || f.name() == null ? "" : " \"" + f.name() + "\"") + ": ";
            if (f == null) {
                problems.add(at + "empty variable");
                continue;
            }
            int before = problems.size();
            String name = f.name() == null ? "" : f.name().strip();
            if (!IDENTIFIER.matcher(name).matches()) {
                problems.add(at + "name: must be the column it filters, e.g. host, strategy or symbol [value=" + f.name() + "]");
            } else if (name.startsWith("_")) {
                problems.add(at + "name: columns starting with '_' are the shipper's bookkeeping, not data [value=" + name + "]");
            } else if (!names.add(name.toLowerCase(Locale.ROOT))) {
                problems.add(at + "name: duplicate variable [name=" + name + "]");
            }
            List<String> tables = f.tables() == null ? List.of() : f.tables();
            for (String table : tables) {
                if (table == null || !IDENTIFIER.matcher(table).matches()) problems.add(at + "tables: not a table name [value=" + table + "]");
            }
            String label = f.label() == null || f.label().isBlank() ? name : f.label().strip();
            if (label.length() > 64 || label.chars().anyMatch(Character::isISOControl)) problems.add(at + "label: at most 64 printable characters");
            if (problems.size() == before) out.add(new Variable(name, label, List.copyOf(tables)));
        }
        return List.copyOf(out);
    }

    /**
     * A rollup's views (each a name and a read-only SELECT on one table, without macros but {@value Rollup#KEYS}: a
     * view is made once, not per request) and the panel's SQL on them.
     */
    private static Rollup rollup(DashboardFile.RollupFile r, PanelKind kind, String at, List<String> problems) {
        int before = problems.size();
        if (kind != PanelKind.TIMESERIES) problems.add(at + "only for kind timeseries");
        List<DashboardFile.ViewFile> files = new ArrayList<>();
        if (r.view() != null || r.create() != null) files.add(new DashboardFile.ViewFile(r.view(), r.create()));
        if (r.views() != null) files.addAll(r.views());
        if (r.views() != null && files.size() > r.views().size()) problems.add(at + "views: either view and create, or views = [...], not both");
        if (files.isEmpty()) problems.add(at + "view: is required (or views = [{ view = ..., create = ... }, ...])");
        List<Rollup.View> views = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            DashboardFile.ViewFile f = files.get(i);
            int single = files.size() - (r.views() == null ? 0 : r.views().size());
            String where = i < single ? at : at + "views[" + (i - single) + "].";
            if (f == null) {
                problems.add(where + "empty view");
                continue;
            }
            String view = f.view() == null ? "" : f.view().strip();
            if (!IDENTIFIER.matcher(view).matches()) problems.add(where + "view: must be a table name [value=" + f.view() + "]");
            else if (!names.add(view.toLowerCase(Locale.ROOT))) problems.add(where + "view: duplicate view [view=" + view + "]");
            String create = f.create() == null ? "" : f.create().strip();
            String plain = create.replace(Rollup.KEYS, "");
            SqlGuard.Verdict verdict = SqlGuard.check(plain);
            Set<String> tables = verdict.allowed() ? TableScope.tables(plain) : Set.of();
            if (create.isEmpty()) problems.add(where + "create: is required (the SELECT the view is made of)");
            else if (!verdict.allowed()) problems.add(where + "create: refused: " + verdict.reason());
            else if (plain.contains("$__")) {
                problems.add(where + "create: macros are not allowed here but " + Rollup.KEYS + " (the view is made once, not per request)");
            } else if (tables.size() != 1) {
                problems.add(where + "create: must read exactly one table [tables=" + tables + "]");
            }
            if (tables.size() == 1) views.add(new Rollup.View(view, create, tables.iterator().next()));
        }
        Duration minInterval = null;
        try {
            minInterval = Durations.parsePositive(r.minInterval() == null ? "" : r.minInterval());
        } catch (IllegalArgumentException e) {
            problems.add(at + "min_interval: " + e.getMessage());
        }
        List<String> sql = r.sql() == null ? List.of() : r.sql().stream().map(s -> s == null ? "" : s.strip()).toList();
        if (sql.isEmpty()) problems.add(at + "sql: is required (the panel's statements on the view)");
        checkStatements(sql, at, problems);
        return problems.size() > before ? null : new Rollup(List.copyOf(views), minInterval, List.copyOf(sql));
    }

    /** Each statement must pass the read-only guard and use only known macros. */
    private static void checkStatements(List<String> sql, String at, List<String> problems) {
        for (int q = 0; q < sql.size(); q++) {
            String where = at + "sql" + (sql.size() > 1 ? "[" + q + "]" : "") + ": ";
            SqlGuard.Verdict verdict = SqlGuard.check(sql.get(q));
            if (!verdict.allowed()) problems.add(where + "refused: " + verdict.reason());
            Macros.problems(sql.get(q)).forEach(p -> problems.add(where + p));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String path(int index, DashboardFile.PanelFile f) {
        String title = f == null || f.title() == null ? "" : " \"" + f.title() + "\"";
        return "panels[" + index + "]" + title + ": ";
    }

    static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.isEmpty()) s = "panel";
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    /** A parse error as one line: what and where, without Jackson's class names. */
    private static String describe(JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        String line = where == null || where.getLineNr() < 1 ? "" : " [line=" + where.getLineNr() + ", column=" + where.getColumnNr() + "]";
        if (e instanceof UnrecognizedPropertyException u) {
            return keyPath(u) + ": unknown key" + line + "; known keys: " + u.getKnownPropertyIds();
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return keyPath(m) + ": " + firstLine(m.getOriginalMessage()) + line;
        }
        return "cannot parse: " + firstLine(e.getOriginalMessage()) + line;
    }

    private static String keyPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            else if (ref.getIndex() >= 0) sb.append('[').append(ref.getIndex()).append(']');
        }
        return sb.toString();
    }

    private static String firstLine(String message) {
        if (message == null) return "unknown error";
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        // Jackson adds "(start marker at [Source: REDACTED ...; line: 1, column: 26])": our own [line=...] says where.
        return line.replaceAll(" \\(start marker at \\[Source:.*?\\]\\)", "");
    }
}
