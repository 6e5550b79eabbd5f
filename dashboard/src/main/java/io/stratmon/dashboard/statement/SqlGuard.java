package io.stratmon.dashboard.statement;

import io.stratmon.dashboard.statement.SqlTokenizer.Token;
import io.stratmon.dashboard.statement.SqlTokenizer.Type;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether SQL text is one read-only statement, from its tokens (never from a regex over raw text, which
 * quotes and comments fool). Used for the ad-hoc SQL box and for every panel statement of a dashboard file.
 *
 * <p>An allow-list, not a deny-list: exactly one statement (an optional trailing {@code ;}) of an allowed kind
 * ({@link #KINDS}: SELECT, WITH, a parenthesised SELECT, EXPLAIN of those, SHOW TABLES / COLUMNS / PARTITIONS /
 * CREATE TABLE); a table function (a call after FROM or JOIN) only when it is on {@link #TABLE_FUNCTIONS}; no
 * function of {@link #REFUSED_FUNCTIONS} anywhere (files, import/export, query activity, cancelling, config, server
 * internals, and every other QuestDB 9.3.4 cursor function); no write keyword anywhere outside strings and quoted
 * identifiers ({@code WITH x AS (...) INSERT INTO t ...} runs in QuestDB 9.3.4 and writes); balanced parentheses.
 * A column literally named like a write keyword must be double-quoted. Names compare case-insensitively, a quoted
 * name followed by {@code (} counts as a call, and a schema prefix ({@code pg_catalog.pg_class()}) is part of it.
 */
public final class SqlGuard {

    /** The outcome: {@code statement} is the text without its trailing {@code ;}, or {@code reason} says why not. */
    public record Verdict(boolean allowed, String statement, String firstKeyword, String reason) {
        static Verdict refuse(String reason) {
            return new Verdict(false, null, null, reason);
        }
    }

    /** The statement kinds allowed, as documented in docs/dashboard.md. */
    public static final List<String> KINDS = List.of("SELECT ...", "WITH ... SELECT ...", "(SELECT ...) ...",
            "EXPLAIN SELECT|WITH|(...)", "SHOW TABLES", "SHOW COLUMNS FROM t", "SHOW PARTITIONS FROM t", "SHOW CREATE TABLE t");

    private static final Set<String> SHOW_KINDS = Set.of("TABLES", "COLUMNS", "PARTITIONS", "CREATE");

    /** Table functions a read-only box may call: generators and metadata about the user's own tables. */
    public static final Set<String> TABLE_FUNCTIONS = Set.of(
            "long_sequence", "generate_series", "tables", "table_columns", "table_partitions", "table_storage",
            "wal_tables", "materialized_views", "views");

    /** Refused wherever they appear, with the reason shown to the user. */
    public static final Map<String, String> REFUSED_FUNCTIONS = refusedFunctions();

    private static Map<String, String> refusedFunctions() {
        Map<String, String> m = new java.util.HashMap<>();
        for (String f : List.of("files", "glob", "read_parquet", "parquet_scan", "read_csv", "import_files", "export_files", "touch",
                "sys_exec")) m.put(f, "reads or lists server files");
        for (String f : List.of("query_activity", "cancel_query", "pg_terminate_backend", "pg_cancel_backend", "pg_locks",
                "export_activity", "reader_pool", "writer_pool", "table_writer_metrics", "memory_metrics", "dump_memory_usage",
                "dump_thread_stacks", "wal_transactions", "checkpoint_status", "wait_wal_table"))
            m.put(f, "shows or acts on other clients' queries or server internals");
        for (String f : List.of("reload_config", "current_setting", "simulate_crash", "simulate_warnings", "flush_query_cache",
                "hydrate_table_metadata", "functions", "keywords"))
            m.put(f, "reads or changes server configuration or state");
        return Map.copyOf(m);
    }

    private static final Set<String> WRITE_KEYWORDS = Set.of(
            "INSERT", "UPDATE", "DELETE", "UPSERT", "MERGE", "DROP", "ALTER", "CREATE", "TRUNCATE", "COPY", "RENAME",
            "GRANT", "REVOKE", "BACKUP", "SNAPSHOT", "VACUUM", "REINDEX", "CHECKPOINT", "CANCEL", "SET", "RESET",
            "LOCK", "INTO", "CALL", "EXEC", "EXECUTE", "REFRESH", "ATTACH", "DETACH", "SUSPEND", "RESUME", "CONVERT",
            "SQUASH", "COMMIT", "ROLLBACK", "BEGIN", "DECLARE", "PREPARE", "DEALLOCATE", "LISTEN", "NOTIFY", "LOAD",
            "IMPORT", "EXPORT");

    /** Keywords that end a FROM list. */
    private static final Set<String> CLAUSES = Set.of("WHERE", "GROUP", "ORDER", "SAMPLE", "LIMIT", "LATEST", "UNION", "EXCEPT",
            "INTERSECT", "ON", "SELECT", "HAVING", "WINDOW", "FILL", "ALIGN", "PARTITION");

    private static final String KIND_HINT = "allowed: SELECT, WITH, EXPLAIN SELECT, SHOW TABLES|COLUMNS|PARTITIONS|CREATE TABLE";

    private SqlGuard() {}

    public static Verdict check(String sql) {
        if (sql == null || sql.isBlank()) return Verdict.refuse("empty statement");
        List<Token> tokens;
        try {
            tokens = SqlTokenizer.tokenize(sql);
        } catch (SqlTokenizer.Unreadable e) {
            return Verdict.refuse(e.getMessage());
        }
        if (tokens.isEmpty()) return Verdict.refuse("empty statement (only comments)");
        int end = tokens.size();
        if (tokens.get(end - 1).type() == Type.SEMICOLON) end--;
        if (end == 0) return Verdict.refuse("empty statement");
        String kindProblem = kind(tokens, end);
        if (kindProblem != null) return Verdict.refuse(kindProblem);
        int depth = 0;
        boolean[] inFrom = new boolean[end + 1];  // per parenthesis depth: between FROM and the next clause, ',' separates tables
        for (int i = 0; i < end; i++) {
            Token t = tokens.get(i);
            if (t.type() == Type.SEMICOLON) {
                return Verdict.refuse("more than one statement: ';' is only allowed at the end [position=" + t.position() + "]");
            }
            if (isPunct(t, "(")) inFrom[++depth] = false;
            if (isPunct(t, ")") && --depth < 0) return Verdict.refuse("unbalanced ')' [position=" + t.position() + "]");
            if (t.type() == Type.WORD) {
                if (t.isWord("FROM") || t.isWord("JOIN")) inFrom[depth] = true;
                else if (CLAUSES.contains(upper(t))) inFrom[depth] = false;
            }
            boolean showCreate = i == 1 && tokens.get(0).isWord("SHOW");  // SHOW CREATE TABLE t, checked by kind()
            if (t.type() == Type.WORD && WRITE_KEYWORDS.contains(upper(t)) && !showCreate) {
                return Verdict.refuse("write or session keyword refused [keyword=" + upper(t) + ", position=" + t.position() + "]");
            }
            boolean name = t.type() == Type.WORD || t.type() == Type.QUOTED_IDENTIFIER;
            if (name && i + 1 < end && isPunct(tokens.get(i + 1), "(")) {
                String problem = call(tokens, i, inFrom[depth]);
                if (problem != null) return Verdict.refuse(problem);
            }
        }
        if (depth != 0) return Verdict.refuse("unbalanced '(': " + depth + " not closed");
        String statement = end < tokens.size() ? sql.substring(0, tokens.get(end).position()) : sql;
        Token first = tokens.get(0);
        String firstKeyword = first.type() == Type.WORD ? upper(first) : "(";
        return new Verdict(true, statement.strip(), firstKeyword, null);
    }

    /** Null when the statement is of an allowed kind, else why not. */
    private static String kind(List<Token> tokens, int end) {
        Token first = tokens.get(0);
        if (isPunct(first, "(")) return null;
        if (first.type() != Type.WORD) return "a read-only statement starts with SELECT, WITH, SHOW or EXPLAIN; " + KIND_HINT;
        String word = upper(first);
        switch (word) {
            case "SELECT", "WITH":
                return null;
            case "EXPLAIN": {
                int k = 1;
                if (k < end && tokens.get(k).isWord("ANALYZE")) k++;
                if (k < end && (tokens.get(k).isWord("SELECT") || tokens.get(k).isWord("WITH") || isPunct(tokens.get(k), "("))) return null;
                return "EXPLAIN only of a SELECT or WITH statement; " + KIND_HINT;
            }
            case "SHOW": {
                String what = end > 1 && tokens.get(1).type() == Type.WORD ? upper(tokens.get(1)) : "";
                if (!SHOW_KINDS.contains(what)) {
                    return "SHOW " + (what.isEmpty() ? "" : what + " ") + "is refused (server settings, users and sessions stay private) [first=SHOW]; " + KIND_HINT;
                }
                if (what.equals("CREATE") && !(end > 2 && tokens.get(2).isWord("TABLE"))) return "only SHOW CREATE TABLE t; " + KIND_HINT;
                return null;
            }
            default:
                return "only read-only statements are allowed [first=" + word + "]; " + KIND_HINT;
        }
    }

    /** Null when the call at {@code i} (its name token; a {@code (} follows) is allowed, else why not. */
    private static String call(List<Token> tokens, int i, boolean inFrom) {
        int start = i;
        StringBuilder qualified = new StringBuilder(tokens.get(i).text().toLowerCase(Locale.ROOT));
        while (start >= 2 && isPunct(tokens.get(start - 1), ".")
                && (tokens.get(start - 2).type() == Type.WORD || tokens.get(start - 2).type() == Type.QUOTED_IDENTIFIER)) {
            start -= 2;
            qualified.insert(0, tokens.get(start).text().toLowerCase(Locale.ROOT) + ".");
        }
        String bare = tokens.get(i).text().toLowerCase(Locale.ROOT).strip();
        String position = ", position=" + tokens.get(start).position() + "]";
        String why = REFUSED_FUNCTIONS.get(bare);
        if (why != null) return "function refused: " + why + " [function=" + qualified + position;
        if (bare.startsWith("pg_")) return "function refused: PostgreSQL catalogue functions are for drivers, not the SQL box [function=" + qualified + position;
        boolean tablePosition = start > 0 && (tokens.get(start - 1).isWord("FROM") || tokens.get(start - 1).isWord("JOIN")
                || (inFrom && isPunct(tokens.get(start - 1), ",")));
        if (start != i || tablePosition) {
            // A schema-qualified call or a call where a table goes is a table function: only the allow-listed ones.
            if (start == i && TABLE_FUNCTIONS.contains(bare)) return null;
            return "table function not on the allow-list [function=" + qualified + ", allowed=" + String.join(",", new java.util.TreeSet<>(TABLE_FUNCTIONS)) + position;
        }
        return null;
    }

    private static boolean isPunct(Token t, String text) {
        return t.type() == Type.PUNCT && t.text().equals(text);
    }

    private static String upper(Token t) {
        return t.text().toUpperCase(Locale.ROOT);
    }
}
