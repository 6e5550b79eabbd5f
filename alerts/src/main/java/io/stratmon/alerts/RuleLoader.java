package io.stratmon.alerts;

import io.stratmon.alerts.YamlTree.Node;
import io.stratmon.sql.Durations;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads Prometheus-format rule files whose {@code expr} is QuestDB SQL. Strict: an unknown key, a bad duration, an
 * unknown template function, a missing field is a problem naming the file, the line and the rule; every problem of
 * every file is reported, and a caller refuses to start when there is any.
 *
 * <pre>{@code
 * RuleLoader.Result r = RuleLoader.load(List.of(Path.of("alerts/strategy.yml")));
 * if (!r.ok()) r.problems().forEach(System.err::println);   // strategy.yml:12: rule StalePriceFeed: for: not a duration [value=10]
 * }</pre>
 */
public final class RuleLoader {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FIRST_WORD = Pattern.compile("^[\\s(]*([A-Za-z]+)");
    private static final List<String> RULE_KEYS = List.of("alert", "expr", "for", "keep_firing_for", "labels", "annotations", "no_data");
    private static final List<String> GROUP_KEYS = List.of("name", "interval", "rules");

    /** The groups of every file, and every problem found; {@link #ok()} when there is none. */
    public record Result(List<RuleGroup> groups, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }

        public List<AlertRule> rules() {
            return groups.stream().flatMap(g -> g.rules().stream()).toList();
        }
    }

    private RuleLoader() {}

    /** Loads each file in order; group names must be unique across all of them. */
    public static Result load(List<Path> files) {
        List<RuleGroup> groups = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                problems.add(file + ": cannot read rule file [error=" + e + "]");
                continue;
            }
            Result r = parse(text, file.toString());
            groups.addAll(r.groups());
            problems.addAll(r.problems());
        }
        checkUniqueGroups(groups, problems);
        return new Result(List.copyOf(groups), List.copyOf(problems));
    }

    /**
     * The files the globs match, sorted, each once; a glob matching nothing is a problem (a typo would otherwise
     * silently disable alerting). Relative globs are resolved against {@code baseDir}.
     */
    public static List<Path> expand(List<String> globs, Path baseDir, List<String> problems) {
        TreeSet<Path> files = new TreeSet<>();
        for (String glob : globs) {
            Path pattern = baseDir.resolve(glob).normalize();
            String text = pattern.toString();
            int wildcard = indexOfWildcard(text);
            if (wildcard < 0) {
                if (Files.isRegularFile(pattern)) files.add(pattern);
                else problems.add("alerts.rules: no such rule file [path=" + pattern + "]");
                continue;
            }
            Path root = Path.of(text.substring(0, text.lastIndexOf('/', wildcard) + 1));
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + text);
            int before = files.size();
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(Files::isRegularFile).filter(matcher::matches).forEach(files::add);
                } catch (IOException e) {
                    problems.add("alerts.rules: cannot list " + root + " [error=" + e + "]");
                }
            }
            if (files.size() == before) problems.add("alerts.rules: the glob matches no file [glob=" + glob + ", dir=" + root + "]");
        }
        return List.copyOf(files);
    }

    private static int indexOfWildcard(String s) {
        for (int i = 0; i < s.length(); i++) if ("*?[{".indexOf(s.charAt(i)) >= 0) return i;
        return -1;
    }

    /** Parses one file's text; {@code source} names it in problems. */
    public static Result parse(String text, String source) {
        List<String> problems = new ArrayList<>();
        List<RuleGroup> groups = new ArrayList<>();
        Node root;
        try {
            root = YamlTree.parse(text);
        } catch (YamlTree.YamlException e) {
            problems.add(source + ":" + e.line + ": " + e.getMessage());
            return new Result(List.of(), problems);
        }
        if (root.value() == null) {
            problems.add(source + ":1: empty rule file: expected 'groups:' with at least one group");
            return new Result(List.of(), problems);
        }
        if (!root.isMap()) {
            problems.add(source + ":" + root.line() + ": expected a mapping with 'groups:', got " + root.describe());
            return new Result(List.of(), problems);
        }
        for (var e : root.map().entrySet()) {
            if (!e.getKey().equals("groups")) problems.add(source + ":" + e.getValue().line() + ": unknown key '" + e.getKey() + "' (a rule file has only 'groups:')");
        }
        Node groupsNode = root.map().get("groups");
        if (groupsNode == null || !groupsNode.isList() || groupsNode.list().isEmpty()) {
            int line = groupsNode == null ? root.line() : groupsNode.line();
            problems.add(source + ":" + line + ": 'groups:' must be a list of at least one group");
            return new Result(List.of(), problems);
        }
        for (Node g : groupsNode.list()) {
            RuleGroup group = group(g, source, problems);
            if (group != null) groups.add(group);
        }
        checkUniqueGroups(groups, problems);
        return new Result(List.copyOf(groups), List.copyOf(problems));
    }

    private static void checkUniqueGroups(List<RuleGroup> groups, List<String> problems) {
        Map<String, RuleGroup> seen = new LinkedHashMap<>();
        for (RuleGroup g : groups) {
            RuleGroup first = seen.putIfAbsent(g.name(), g);
            if (first != null && first != g && !problems.contains(g.source() + ": group " + g.name() + ": the name is taken by the group at " + first.source())) {
                problems.add(g.source() + ": group " + g.name() + ": the name is taken by the group at " + first.source());
            }
        }
    }

    private static RuleGroup group(Node g, String source, List<String> problems) {
        String at = source + ":" + g.line();
        if (!g.isMap()) {
            problems.add(at + ": a group must be a mapping with name, interval and rules, got " + g.describe());
            return null;
        }
        Map<String, Node> m = g.map();
        String name = string(m.get("name"), at + ": group", "name", problems);
        if (name == null) problems.add(at + ": group: 'name' is missing");
        String where = at + ": group " + name;
        unknownKeys(m, GROUP_KEYS, source, "group " + name, problems);
        Duration interval = null;
        Node intervalNode = m.get("interval");
        if (intervalNode != null) {
            interval = duration(intervalNode, source + ":" + intervalNode.line() + ": group " + name, "interval", problems);
            if (interval != null && interval.isZero()) {
                problems.add(source + ":" + intervalNode.line() + ": group " + name + ": interval: must be more than 0");
                interval = null;
            }
        }
        Node rulesNode = m.get("rules");
        List<AlertRule> rules = new ArrayList<>();
        if (rulesNode == null || !rulesNode.isList()) {
            problems.add(where + ": 'rules:' must be a list of rules" + (rulesNode == null ? " (it is missing)" : ", got " + rulesNode.describe()));
        } else {
            for (Node r : rulesNode.list()) {
                AlertRule rule = rule(r, name == null ? "?" : name, source, problems);
                if (rule != null) rules.add(rule);
            }
        }
        return name == null ? null : new RuleGroup(name, interval, rules, at);
    }

    private static AlertRule rule(Node r, String group, String source, List<String> problems) {
        String at = source + ":" + r.line();
        if (!r.isMap()) {
            problems.add(at + ": group " + group + ": a rule must be a mapping with alert and expr, got " + r.describe());
            return null;
        }
        Map<String, Node> m = r.map();
        if (m.containsKey("record")) {
            problems.add(at + ": group " + group + ": recording rules ('record:') are not supported; make it a QuestDB materialized view, or an 'alert:' rule");
            return null;
        }
        int before = problems.size();
        String name = string(m.get("alert"), at + ": group " + group, "alert", problems);
        if (name == null && m.get("alert") == null) problems.add(at + ": group " + group + ": 'alert' (the rule's name) is missing");
        String who = "rule " + (name == null ? "?" : name);
        String where = at + ": " + who;
        if (name != null && !NAME.matcher(name).matches()) {
            problems.add(where + ": alert: the name must match [a-zA-Z_][a-zA-Z0-9_]* (it becomes the alertname label)");
        }
        unknownKeys(m, RULE_KEYS, source, who, problems);
        String expr = string(m.get("expr"), lineOf(m, "expr", source, r) + ": " + who, "expr", problems);
        if (expr == null && m.get("expr") == null) problems.add(where + ": 'expr' (a QuestDB SELECT) is missing");
        if (expr != null) {
            expr = expr.strip();
            while (expr.endsWith(";")) expr = expr.substring(0, expr.length() - 1).strip();
            var first = FIRST_WORD.matcher(expr);
            String word = first.find() ? first.group(1).toUpperCase(Locale.ROOT) : "";
            if (!word.equals("SELECT") && !word.equals("WITH")) {
                problems.add(lineOf(m, "expr", source, r) + ": " + who + ": expr: must be one SELECT (or WITH ... SELECT) query; rules only read [starts with="
                        + (word.isEmpty() ? expr.substring(0, Math.min(20, expr.length())) : word) + "]");
            } else if (expr.contains(";")) {
                problems.add(lineOf(m, "expr", source, r) + ": " + who + ": expr: one statement only (remove the ';' inside it)");
            }
        }
        Duration holdFor = optionalDuration(m, "for", source, who, r, problems);
        Duration keepFiringFor = optionalDuration(m, "keep_firing_for", source, who, r, problems);
        Map<String, Template> labels = templates(m.get("labels"), "labels", source, who, problems, true);
        Map<String, Template> annotations = templates(m.get("annotations"), "annotations", source, who, problems, false);
        AlertRule.NoData noData = AlertRule.NoData.OK;
        Node nd = m.get("no_data");
        if (nd != null) {
            String v = nd.isScalar() ? String.valueOf(nd.value()).toLowerCase(Locale.ROOT) : "";
            switch (v) {
                case "ok" -> noData = AlertRule.NoData.OK;
                case "firing", "alerting" -> noData = AlertRule.NoData.FIRING;
                case "error" -> noData = AlertRule.NoData.ERROR;
                default -> problems.add(source + ":" + nd.line() + ": " + who + ": no_data: must be ok, firing or error, got " + nd.describe());
            }
        }
        if (problems.size() > before) return null;
        return new AlertRule(group, name, expr, holdFor, keepFiringFor, labels, annotations, noData, at);
    }

    private static String lineOf(Map<String, Node> m, String key, String source, Node parent) {
        Node n = m.get(key);
        return source + ":" + (n == null ? parent.line() : n.line());
    }

    private static void unknownKeys(Map<String, Node> m, List<String> known, String source, String who, List<String> problems) {
        for (var e : m.entrySet()) {
            if (known.contains(e.getKey())) continue;
            String hint = known.stream().filter(k -> distance(k, e.getKey()) <= 2).findFirst().map(k -> " (did you mean " + k + "?)")
                    .orElse(" (known: " + String.join(", ", known) + ")");
            problems.add(source + ":" + e.getValue().line() + ": " + who + ": unknown key '" + e.getKey() + "'" + hint);
        }
    }

    private static Duration optionalDuration(Map<String, Node> m, String key, String source, String who, Node parent, List<String> problems) {
        Node n = m.get(key);
        if (n == null) return Duration.ZERO;
        Duration d = duration(n, source + ":" + n.line() + ": " + who, key, problems);
        return d == null ? Duration.ZERO : d;
    }

    private static Duration duration(Node n, String where, String key, List<String> problems) {
        if (!(n.value() instanceof String) && !(n.value() instanceof Number)) {
            problems.add(where + ": " + key + ": expected a duration like \"30s\", got " + n.describe());
            return null;
        }
        try {
            return Durations.parse(String.valueOf(n.value()));
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + key + ": " + e.getMessage());
            return null;
        }
    }

    private static String string(Node n, String where, String key, List<String> problems) {
        if (n == null) return null;
        if (!(n.value() instanceof String s) || s.isBlank()) {
            problems.add(where + ": " + key + ": expected a non-empty string, got " + n.describe());
            return null;
        }
        return s;
    }

    private static Map<String, Template> templates(Node n, String key, String source, String who, List<String> problems, boolean labels) {
        if (n == null || n.value() == null) return Map.of();
        if (!n.isMap()) {
            problems.add(source + ":" + n.line() + ": " + who + ": " + key + ": expected a mapping of names to strings, got " + n.describe());
            return Map.of();
        }
        Map<String, Template> out = new LinkedHashMap<>();
        for (var e : n.map().entrySet()) {
            String name = e.getKey();
            Node v = e.getValue();
            String at = source + ":" + v.line() + ": " + who + ": " + key + "." + name;
            if (!NAME.matcher(name).matches() || name.startsWith("__")) {
                problems.add(at + ": a name must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __");
                continue;
            }
            if (labels && name.equals("alertname")) {
                problems.add(at + ": alertname is the rule's name (alert:); remove this label");
                continue;
            }
            if (!v.isScalar()) {
                problems.add(at + ": expected a string, got " + v.describe());
                continue;
            }
            try {
                out.put(name, Template.compile(String.valueOf(v.value())));
            } catch (IllegalArgumentException ex) {
                problems.add(at + ": " + ex.getMessage());
            }
        }
        return Map.copyOf(out);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
