package io.stratmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stratmon.alerts.Alert;
import io.stratmon.alerts.AlertRule;
import io.stratmon.alerts.AlertState;
import io.stratmon.alerts.AlertStatus;
import io.stratmon.alerts.Evaluation;
import io.stratmon.alerts.QueryRunner;
import io.stratmon.alerts.RuleEvaluator;
import io.stratmon.alerts.RuleLoader;
import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.sql.Durations;
import io.stratmon.sql.SqlClient;
import io.stratmon.store.EmbeddedQuestDb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code stratmon alerts test}, in the spirit of {@code promtool test rules}: a test file's input lines are shipped by
 * the real shipper into an embedded QuestDB, the rules are evaluated at time 0, one interval later, and so on, and the
 * alerts firing at each {@code eval_time} are compared with the expected ones. {@code now()} in a rule's SQL is the
 * evaluation time, so the outcome does not depend on the wall clock. Format: docs/alerts.md, "Testing rules".
 */
final class RuleTestRunner {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TIMED = Pattern.compile("^@(-?[0-9a-z]+)(?:\\.\\.(-?[0-9a-z]+)/([0-9a-z]+))?\\s+(\\{.*)$", Pattern.DOTALL);
    private static final Pattern NOW = Pattern.compile("(?i)\\b(now|systimestamp)\\s*\\(\\s*\\)");

    /** @param failures one readable diff per failed expectation; empty when the file passes */
    record Outcome(String file, int tests, List<String> failures) {}

    private final Path workDir;

    RuleTestRunner(Path workDir) {
        this.workDir = workDir;
    }

    Outcome run(Path testFile) throws IOException {
        JsonNode root = YAML.readTree(testFile.toFile());
        if (root == null || !root.isObject()) throw new IllegalArgumentException(testFile + ": expected a mapping with rule_files and tests");
        List<String> unknown = new ArrayList<>();
        root.fieldNames().forEachRemaining(k -> {
            if (!List.of("rule_files", "evaluation_interval", "tests").contains(k)) unknown.add(k);
        });
        if (!unknown.isEmpty()) throw new IllegalArgumentException(testFile + ": unknown keys " + unknown + " (known: rule_files, evaluation_interval, tests)");
        List<String> globs = new ArrayList<>();
        root.path("rule_files").forEach(n -> globs.add(n.asText()));
        if (globs.isEmpty()) throw new IllegalArgumentException(testFile + ": rule_files: name at least one rule file (or builtin)");
        Path base = DemoCommand.baseDir(testFile);
        RuleLoader.Result rules = Alerting.loadRules(globs, base);
        if (!rules.ok()) throw new IllegalArgumentException(testFile + ": the rule files have problems:\n  " + String.join("\n  ", rules.problems()));
        Duration interval = root.has("evaluation_interval") ? Durations.parse(root.get("evaluation_interval").asText()) : Duration.ofSeconds(5);
        if (interval.isZero()) throw new IllegalArgumentException(testFile + ": evaluation_interval: must be more than 0");
        JsonNode tests = root.path("tests");
        if (!tests.isArray() || tests.isEmpty()) throw new IllegalArgumentException(testFile + ": tests: a list of at least one test");


        List<String> failures = new ArrayList<>();
        Path dir = Files.createTempDirectory(workDir, "alerts-test-");
        try {
            int i = 0;
            for (JsonNode test : tests) {
                String name = test.path("name").asText("test " + (i + 1));
                failures.addAll(runOne(testFile + ": " + name, test, rules.rules(), interval, dir.resolve("case-" + i)));
                i++;
            }
        } finally {
            deleteRecursively(dir);
        }
        return new Outcome(testFile.toString(), tests.size(), failures);
    }

    /** A line of input and its time relative to evaluation time 0. */
    private record TimedLine(Duration at, String json) {}

    /**
     * One test on its own QuestDB. Before each evaluation, the lines whose time has come are appended to the log and
     * shipped, so a rule never sees rows from its future (as Prometheus never sees later samples).
     */
    private List<String> runOne(String name, JsonNode test, List<AlertRule> rules, Duration interval, Path dir) throws IOException {
        Instant zero = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<TimedLine> lines = new ArrayList<>();
        for (JsonNode in : test.path("input")) lines.addAll(expandInput(name, in.asText(), zero));
        lines.sort(Comparator.comparing(TimedLine::at));

        TreeMap<Duration, List<JsonNode>> checks = new TreeMap<>();
        for (JsonNode check : test.path("alert_rule_test")) {
            Duration at = Durations.parse(check.path("eval_time").asText("0s"));
            checks.computeIfAbsent(at, k -> new ArrayList<>()).add(check);
        }
        if (checks.isEmpty()) return List.of(name + ": alert_rule_test: no expectations");
        TreeSet<Duration> times = new TreeSet<>(checks.keySet());
        for (Duration t = Duration.ZERO; t.compareTo(checks.lastKey()) <= 0; t = t.plus(interval)) times.add(t);

        Map<String, AlertState> states = new LinkedHashMap<>();
        for (AlertRule r : rules) states.put(r.group() + "/" + r.name(), new AlertState(r));
        List<String> failures = new ArrayList<>();
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        Path log = logs.resolve("input.jsonl");
        Files.writeString(log, "");
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(EmbeddedQuestDb.Options.defaults(dir.resolve("questdb")));
             Shipper shipper = Shipper.start(ShipperConfig.of(List.of(logs.resolve("*.jsonl").toString()), db.httpUrl(), dir.resolve("state"))
                     .withCredentials(db.credentials().user(), db.credentials().password()).withMetricsInterval(Duration.ZERO))) {
            SqlClient sql = db.sqlClient();
            int written = 0;
            for (Duration t : times) {
                int upTo = written;
                while (upTo < lines.size() && lines.get(upTo).at().compareTo(t) <= 0) upTo++;
                if (upTo > written) {
                    StringBuilder sb = new StringBuilder();
                    for (TimedLine l : lines.subList(written, upTo)) sb.append(l.json()).append('\n');
                    Files.writeString(log, sb, StandardOpenOption.APPEND);
                    written = upTo;
                    awaitShipped(name, shipper, sql, written, dir);
                }
                evaluateAll(name, t, zero, states, sql, failures);
                for (JsonNode check : checks.getOrDefault(t, List.of())) compare(name, t, check, rules, states, failures);
            }
        }
        return failures;
    }

    /** Every rule once at {@code zero + t}; {@code now()} in the SQL is that instant. */
    private static void evaluateAll(String name, Duration t, Instant zero, Map<String, AlertState> states, SqlClient sql, List<String> failures) {
        Instant at = zero.plus(t);
        long micros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
        RuleEvaluator evaluator = new RuleEvaluator(QueryRunner.of(sql), Clock.fixed(at, ZoneOffset.UTC), Duration.ofSeconds(30), 1000);
        for (AlertState state : states.values()) {
            AlertRule r = state.rule();
            AlertRule pinned = new AlertRule(r.group(), r.name(), NOW.matcher(r.expr()).replaceAll("CAST(" + micros + " AS TIMESTAMP)"),
                    r.holdFor(), r.keepFiringFor(), r.labels(), r.annotations(), r.noData(), r.source());
            Evaluation e = evaluator.evaluate(pinned);
            if (e.outcome() == Evaluation.Outcome.ERROR) failures.add(name + ": at " + Durations.format(t) + ": rule " + r.name() + " failed: " + e.error());
            state.apply(e);
        }
    }

    private static void compare(String name, Duration t, JsonNode check, List<AlertRule> rules, Map<String, AlertState> states, List<String> failures) {
        String alertname = check.path("alertname").asText();
        if (rules.stream().noneMatch(r -> r.name().equals(alertname))) {
            failures.add(name + ": alertname " + alertname + " is not a rule of the rule files");
            return;
        }
        List<String> expected = new ArrayList<>();
        for (JsonNode exp : check.path("exp_alerts")) {
            Map<String, String> labels = new TreeMap<>(strings(exp.path("exp_labels")));
            labels.put("alertname", alertname);
            expected.add(describe(labels, strings(exp.path("exp_annotations"))));
        }
        List<String> got = new ArrayList<>();
        for (AlertState s : states.values()) {
            if (!s.rule().name().equals(alertname)) continue;
            for (Alert a : s.alerts()) if (a.state() == AlertStatus.FIRING) got.add(describe(a.labels(), a.annotations()));
        }
        expected.sort(Comparator.naturalOrder());
        got.sort(Comparator.naturalOrder());
        if (!expected.equals(got)) {
            failures.add(name + ": alertname " + alertname + " at eval_time " + Durations.format(t) + ":\n"
                    + "    expected firing: " + (expected.isEmpty() ? "none" : String.join("\n                     ", expected)) + "\n"
                    + "    got firing:      " + (got.isEmpty() ? "none" : String.join("\n                     ", got)));
        }
    }

    private static String describe(Map<String, String> labels, Map<String, String> annotations) {
        return "labels " + new TreeMap<>(labels) + (annotations.isEmpty() ? "" : " annotations " + new TreeMap<>(annotations));
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> out = new TreeMap<>();
        map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** {@code @-30s {json}} is one line at that time; {@code @0s..30s/1s {json}} is one line per second from 0 to 30 s. */
    private static List<TimedLine> expandInput(String where, String line, Instant zero) throws IOException {
        Matcher m = TIMED.matcher(line.strip());
        if (!m.matches()) throw new IllegalArgumentException(where + ": input line must start with @TIME (e.g. @-30s, or @0s..30s/1s for a series), then a JSON object [line=" + line + "]");
        Duration from = offset(m.group(1)), to = m.group(2) == null ? from : offset(m.group(2));
        Duration step = m.group(3) == null ? Duration.ofSeconds(1) : Durations.parse(m.group(3));
        if (step.isZero()) throw new IllegalArgumentException(where + ": a series step must be more than 0 [line=" + line + "]");
        JsonNode json = JSON.readTree(m.group(4));
        if (!(json instanceof ObjectNode obj)) throw new IllegalArgumentException(where + ": input must be a JSON object [line=" + line + "]");
        List<TimedLine> out = new ArrayList<>();
        for (Duration t = from; t.compareTo(to) <= 0; t = t.plus(step)) {
            ObjectNode copy = obj.deepCopy();
            copy.put("timestamp", zero.plus(t).toString());
            out.add(new TimedLine(t, JSON.writeValueAsString(copy)));
        }
        return out;
    }

    private static Duration offset(String s) {
        return s.startsWith("-") ? Durations.parse(s.substring(1)).negated() : Durations.parse(s);
    }

    /** Waits until the shipper has shipped (or dead-lettered) {@code lines} lines and QuestDB shows every row. */
    private static void awaitShipped(String name, Shipper shipper, SqlClient sql, int lines, Path dir) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (shipper.metrics().rowsShipped() + shipper.metrics().deadLettered() < lines) {
            if (System.nanoTime() > deadline) throw new IllegalStateException(name + ": the shipper did not ship the input within 60 s");
            sleep();
        }
        if (shipper.metrics().deadLettered() > 0) {
            throw new IllegalArgumentException(name + ": " + shipper.metrics().deadLettered() + " input lines were dead-lettered: see "
                    + dir.resolve("state") + " (is every line a JSON object with an event?)");
        }
        while (sql.query("SELECT count() AS lagging FROM wal_tables() WHERE writerTxn < sequencerTxn").longValue(0, 0) > 0) {
            if (System.nanoTime() > deadline) throw new IllegalStateException(name + ": QuestDB did not apply the input within 60 s");
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20); // polling the shipper's counters; there is no event to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
