package io.stratmon.dashboard.statement;

import io.stratmon.dashboard.statement.SqlTokenizer.Token;
import io.stratmon.dashboard.statement.SqlTokenizer.Type;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether SQL text is one read-only statement, from its tokens (never from a regex over raw text, which
 * quotes and comments fool). Used for the ad-hoc SQL box and for every panel statement of a dashboard file.
 *
 * <p>Allowed: exactly one statement (an optional trailing {@code ;}), whose first keyword is SELECT, WITH, SHOW,
 * EXPLAIN or DESCRIBE, with no write keyword anywhere outside strings and quoted identifiers ({@code WITH x AS (...)
 * INSERT INTO t ...} runs in QuestDB 9.3.4 and writes; {@code EXPLAIN INSERT} is refused too), no function that
 * changes the server or reads its files, and balanced parentheses. A column literally named like a write keyword must
 * be double-quoted.
 */
public final class SqlGuard {

    /** The outcome: {@code statement} is the text without its trailing {@code ;}, or {@code reason} says why not. */
    public record Verdict(boolean allowed, String statement, String firstKeyword, String reason) {
        static Verdict refuse(String reason) {
            return new Verdict(false, null, null, reason);
        }
    }

    private static final Set<String> FIRST_KEYWORDS = Set.of("SELECT", "WITH", "SHOW", "EXPLAIN", "DESCRIBE");

    private static final Set<String> WRITE_KEYWORDS = Set.of(
            "INSERT", "UPDATE", "DELETE", "UPSERT", "MERGE", "DROP", "ALTER", "CREATE", "TRUNCATE", "COPY", "RENAME",
            "GRANT", "REVOKE", "BACKUP", "SNAPSHOT", "VACUUM", "REINDEX", "CHECKPOINT", "CANCEL", "SET", "RESET",
            "LOCK", "INTO", "CALL", "EXEC", "EXECUTE", "REFRESH", "ATTACH", "DETACH", "SUSPEND", "RESUME", "CONVERT",
            "SQUASH", "COMMIT", "ROLLBACK", "BEGIN", "DECLARE", "PREPARE", "DEALLOCATE", "LISTEN", "NOTIFY", "LOAD",
            "IMPORT", "EXPORT");

    /** Functions that act on the server or its files; a read-only box has no business calling them. */
    private static final Set<String> DENIED_FUNCTIONS = Set.of(
            "reload_config", "simulate_crash", "flush_query_cache", "hydrate_table_metadata", "pg_terminate_backend",
            "files", "glob", "read_parquet", "read_csv", "sys_exec", "touch");

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
        int depth = 0;
        String first = null;
        for (int i = 0; i < end; i++) {
            Token t = tokens.get(i);
            if (t.type() == Type.SEMICOLON) {
                return Verdict.refuse("more than one statement: ';' is only allowed at the end [position=" + t.position() + "]");
            }
            if (t.type() == Type.PUNCT && t.text().equals("(")) depth++;
            if (t.type() == Type.PUNCT && t.text().equals(")") && --depth < 0) {
                return Verdict.refuse("unbalanced ')' [position=" + t.position() + "]");
            }
            if (t.type() != Type.WORD) {
                if (first == null && !(t.type() == Type.PUNCT && t.text().equals("("))) {
                    return Verdict.refuse("a read-only statement starts with SELECT, WITH, SHOW, EXPLAIN or DESCRIBE");
                }
                continue;
            }
            String word = t.text().toUpperCase(Locale.ROOT);
            if (first == null) {
                if (!FIRST_KEYWORDS.contains(word)) {
                    return Verdict.refuse("only SELECT, WITH, SHOW, EXPLAIN or DESCRIBE statements are allowed [first=" + word + "]");
                }
                first = word;
            }
            if (WRITE_KEYWORDS.contains(word)) {
                return Verdict.refuse("write or session keyword refused [keyword=" + word + ", position=" + t.position() + "]");
            }
            boolean call = i + 1 < end && tokens.get(i + 1).type() == Type.PUNCT && tokens.get(i + 1).text().equals("(");
            if (call && DENIED_FUNCTIONS.contains(word.toLowerCase(Locale.ROOT))) {
                return Verdict.refuse("function refused [function=" + t.text() + ", position=" + t.position() + "]");
            }
        }
        if (first == null) return Verdict.refuse("a read-only statement starts with SELECT, WITH, SHOW, EXPLAIN or DESCRIBE");
        if (depth != 0) return Verdict.refuse("unbalanced '(': " + depth + " not closed");
        String statement = end < tokens.size() ? sql.substring(0, tokens.get(end).position()) : sql;
        return new Verdict(true, statement.strip(), first, null);
    }
}
