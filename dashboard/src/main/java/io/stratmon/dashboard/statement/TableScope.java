package io.stratmon.dashboard.statement;

import io.stratmon.dashboard.statement.SqlTokenizer.Token;
import io.stratmon.dashboard.statement.SqlTokenizer.Type;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Narrows a panel statement to a dashboard variable's choice at every reference to a table, found from tokens (never
 * a regex over text). The only table of a SELECT gets the predicate in its own WHERE: {@code FROM price WHERE x}
 * becomes {@code FROM price WHERE "host" IN ('a') AND (x)} (or {@code FROM price WHERE "host" IN ('a') SAMPLE BY ...});
 * a table in a join or a FROM list becomes a filtered subquery, {@code (SELECT * FROM "fill" WHERE "host" IN ('a')) "fill"},
 * which keeps the designated timestamp for {@code ASOF JOIN} and {@code LATEST ON} (QuestDB 9.3.4 refuses
 * {@code SAMPLE BY ... FROM ... TO} over a subquery, hence the WHERE form where it can be used). The predicate comes
 * from the caller, built only from schema-checked names and quoted literals.
 *
 * <pre>{@code
 * String sql = TableScope.apply("SELECT last(bid) FROM price", table -> table.equals("price") ? "\"host\" IN ('a')" : null);
 * }</pre>
 *
 * A table is referenced after {@code FROM}, {@code JOIN}, a {@code ,} of a FROM list, and (QuestDB's implicit SELECT)
 * right after {@code (} or a set operator when a clause or {@code )} follows. Names of common table expressions are
 * not tables. A name the caller has no predicate for is left alone. When a reference has no alias, the subquery gets
 * the table's name as one, so {@code price.bid} still resolves.
 */
public final class TableScope {
    /** Words after a table reference that are not an alias of it. */
    private static final Set<String> NOT_ALIAS = Set.of("WHERE", "GROUP", "ORDER", "SAMPLE", "LIMIT", "LATEST", "UNION", "EXCEPT",
            "INTERSECT", "ON", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "OUTER", "ASOF", "LT", "SPLICE", "WINDOW",
            "TIMESTAMP", "HAVING", "FILL", "ALIGN", "PARTITION", "SELECT", "WITH", "FROM", "TO", "AND", "OR", "NOT", "AS", "BY",
            "DECLARE", "ALL", "DISTINCT");
    /** Words after which a bare name in parentheses is QuestDB's implicit {@code SELECT * FROM name}. */
    private static final Set<String> IMPLICIT_FOLLOWERS = Set.of("WHERE", "LATEST", "ORDER", "LIMIT", "SAMPLE", "GROUP", "UNION",
            "EXCEPT", "INTERSECT", "TIMESTAMP");
    private static final Set<String> CLAUSES = Set.of("WHERE", "GROUP", "ORDER", "SAMPLE", "LIMIT", "LATEST", "UNION", "EXCEPT",
            "INTERSECT", "ON", "SELECT", "HAVING", "WINDOW", "FILL", "ALIGN", "PARTITION");

    private TableScope() {}

    /**
     * {@code sql} with each table that {@code predicateFor} answers non-null for replaced by its filtered subquery.
     * Throws {@link IllegalArgumentException} when the text cannot be tokenized (it passed {@link SqlGuard} before).
     */
    public static String apply(String sql, Function<String, String> predicateFor) {
        List<Token> tokens = tokens(sql);
        int[] depth = depths(tokens);
        List<Edit> edits = new ArrayList<>();
        for (int i : references(tokens)) {
            Token t = tokens.get(i);
            String predicate = predicateFor.apply(t.text());
            if (predicate == null) continue;
            if (isOnlyTable(tokens, depth, i)) {
                // One table at this level: the filter joins its WHERE, so SAMPLE BY ... FROM ... TO and the interval
                // scan keep working (QuestDB 9.3.4 refuses SAMPLE BY FROM-TO over a subquery).
                int where = clauseEnd(tokens, depth, i, true);
                if (where < tokens.size() && tokens.get(where).isWord("WHERE") && clauseEnd(tokens, depth, where, false) > where + 1) {
                    int whereEnd = clauseEnd(tokens, depth, where, false);
                    int first = tokens.get(where + 1).position();
                    int last = positionAfter(sql, tokens.get(whereEnd - 1));
                    edits.add(new Edit(first, first, predicate + " AND ("));
                    edits.add(new Edit(last, last, ")"));
                } else {
                    int at = positionAfter(sql, tokens.get(where - 1));
                    edits.add(new Edit(at, at, " WHERE " + predicate));
                }
                continue;
            }
            // Joins and FROM lists: the table becomes a filtered subquery, named like the table when it had no alias.
            String replacement = "(SELECT * FROM " + quote(t.text()) + " WHERE " + predicate + ")" + (hasAlias(tokens, i) ? "" : " " + quote(t.text()));
            edits.add(new Edit(t.position(), end(sql, t), replacement));
        }
        edits.sort(java.util.Comparator.comparingInt(Edit::start));
        StringBuilder out = new StringBuilder(sql.length() + 64);
        int copied = 0;
        for (Edit e : edits) {
            out.append(sql, copied, e.start()).append(e.text());
            copied = e.end();
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    private record Edit(int start, int end, String text) {}

    /** Clause words that end a FROM list or a WHERE at the same level. */
    private static final Set<String> AFTER_WHERE = Set.of("SAMPLE", "GROUP", "ORDER", "LIMIT", "LATEST", "UNION", "EXCEPT", "INTERSECT",
            "WINDOW", "HAVING");

    /** Parenthesis depth of each token ({@code (} and {@code )} count as outside). */
    private static int[] depths(List<Token> tokens) {
        int[] d = new int[tokens.size()];
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (isPunct(t, ")")) depth = Math.max(0, depth - 1);
            d[i] = depth;
            if (isPunct(t, "(")) depth++;
        }
        return d;
    }

    /**
     * From {@code from}, the index of the first token at its level that ends the current clause: WHERE (when
     * {@code whereEnds}) or a later clause word, a {@code )} closing the level, {@code ;}, or the end.
     */
    private static int clauseEnd(List<Token> tokens, int[] depth, int from, boolean whereEnds) {
        int level = depth[from];
        for (int k = from + 1; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (depth[k] < level || t.type() == Type.SEMICOLON) return k;
            if (depth[k] > level || t.type() != Type.WORD) continue;
            String w = upper(t);
            if (AFTER_WHERE.contains(w) || (whereEnds && w.equals("WHERE"))) return k;
        }
        return tokens.size();
    }

    /** The reference is the only table of its SELECT: after FROM (or alone in parentheses), no JOIN or ',' follows. */
    private static boolean isOnlyTable(List<Token> tokens, int[] depth, int i) {
        Token before = tokens.get(i - 1);
        if (before.isWord("JOIN") || isPunct(before, ",")) return false;
        int end = clauseEnd(tokens, depth, i, true);
        for (int k = i + 1; k < end; k++) {
            if (depth[k] != depth[i]) continue;
            if (tokens.get(k).isWord("JOIN") || isPunct(tokens.get(k), ",")) return false;
        }
        return true;
    }

    private static int positionAfter(String sql, Token t) {
        return end(sql, t);
    }

    /** The names {@code sql} reads as tables (without common table expressions), in order, each once. */
    public static Set<String> tables(String sql) {
        List<Token> tokens = tokens(sql);
        Set<String> names = new LinkedHashSet<>();
        for (int i : references(tokens)) names.add(tokens.get(i).text());
        return names;
    }

    private static List<Token> tokens(String sql) {
        try {
            return SqlTokenizer.tokenize(sql);
        } catch (SqlTokenizer.Unreadable e) {
            throw new IllegalArgumentException("cannot read statement: " + e.getMessage());
        }
    }

    /** Indexes of the tokens that name a table. */
    private static List<Integer> references(List<Token> tokens) {
        Set<String> ctes = cteNames(tokens);
        List<Integer> refs = new ArrayList<>();
        int depth = 0;
        boolean[] inFrom = new boolean[tokens.size() + 2];
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (isReference(tokens, i, ctes, inFrom[depth])) {
                refs.add(i);  // a table named like a clause word (the demo's `fill`) is still a table here
            } else if (isPunct(t, "(")) {
                if (depth + 1 < inFrom.length) inFrom[++depth] = false;
            } else if (isPunct(t, ")")) {
                depth = Math.max(0, depth - 1);
            } else if (t.type() == Type.WORD && (t.isWord("FROM") || t.isWord("JOIN"))) {
                inFrom[depth] = true;
            } else if (t.type() == Type.WORD && CLAUSES.contains(upper(t))) {
                inFrom[depth] = false;
            }
        }
        return refs;
    }

    private static boolean isReference(List<Token> tokens, int i, Set<String> ctes, boolean inFrom) {
        Token t = tokens.get(i);
        if (!isName(t) || i == 0) return false;
        Token before = tokens.get(i - 1);
        Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        if (after != null && (isPunct(after, "(") || isPunct(after, "."))) return false;  // a function, or schema.name
        if (isPunct(before, ".")) return false;
        if (t.type() == Type.WORD && ctes.contains(t.text().toLowerCase(Locale.ROOT))) return false;
        if (before.isWord("FROM") || before.isWord("JOIN") || (inFrom && isPunct(before, ","))) return true;
        // QuestDB's implicit SELECT: `(price WHERE ...)`, `(price)`, `... UNION price`.
        boolean opens = (isPunct(before, "(") && opensQuery(tokens, i - 1)) || before.isWord("UNION") || before.isWord("EXCEPT")
                || before.isWord("INTERSECT") || before.isWord("ALL");
        return opens && (after == null || isPunct(after, ")") || after.type() == Type.SEMICOLON
                || (after.type() == Type.WORD && IMPLICIT_FOLLOWERS.contains(upper(after))));
    }

    /** Whether the {@code (} at {@code paren} opens a query (not a call's arguments or an expression). */
    private static boolean opensQuery(List<Token> tokens, int paren) {
        if (paren == 0) return true;
        Token before = tokens.get(paren - 1);
        return isPunct(before, "(") || before.isWord("FROM") || before.isWord("JOIN") || before.isWord("AS") || before.isWord("UNION")
                || before.isWord("EXCEPT") || before.isWord("INTERSECT") || before.isWord("ALL") || before.isWord("WITH");
    }

    /** {@code WITH a AS (...), b AS (...)}: a and b. */
    private static Set<String> cteNames(List<Token> tokens) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i + 2 < tokens.size(); i++) {
            if (isName(tokens.get(i)) && tokens.get(i + 1).isWord("AS") && isPunct(tokens.get(i + 2), "(")) {
                names.add(tokens.get(i).text().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static boolean hasAlias(List<Token> tokens, int i) {
        if (i + 1 >= tokens.size()) return false;
        Token next = tokens.get(i + 1);
        if (next.isWord("AS")) return true;
        return next.type() == Type.QUOTED_IDENTIFIER || (next.type() == Type.WORD && !NOT_ALIAS.contains(upper(next)));
    }

    /** Where the token's text ends in {@code sql}: a quoted identifier's or a string's closing quote included. */
    private static int end(String sql, Token t) {
        if (t.type() != Type.QUOTED_IDENTIFIER && t.type() != Type.STRING) return t.position() + t.text().length();
        char quote = sql.charAt(t.position());
        int i = t.position() + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static boolean isName(Token t) {
        return t.type() == Type.WORD || t.type() == Type.QUOTED_IDENTIFIER;
    }

    private static boolean isPunct(Token t, String text) {
        return t.type() == Type.PUNCT && t.text().equals(text);
    }

    private static String upper(Token t) {
        return t.text().toUpperCase(Locale.ROOT);
    }

    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
