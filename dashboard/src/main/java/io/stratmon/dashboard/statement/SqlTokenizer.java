package io.stratmon.dashboard.statement;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into tokens the way QuestDB reads it: {@code 'strings'} (a doubled quote escapes, a backslash does
 * not), {@code "quoted identifiers"}, {@code -- line} and {@code /* block *}{@code /} comments (dropped), words, numbers
 * and punctuation. Anything it cannot read with certainty is refused rather than guessed: an unterminated string,
 * identifier or comment, and a {@code /*} inside a comment (QuestDB nests block comments, many tools do not, so text
 * after the first {@code *}{@code /} could be code to one reader and comment to another).
 */
public final class SqlTokenizer {

    public enum Type { WORD, QUOTED_IDENTIFIER, STRING, NUMBER, SEMICOLON, PUNCT }

    /** One token; {@code text} of a string or quoted identifier is its content, unquoted. */
    public record Token(Type type, String text, int position) {
        boolean isWord(String word) {
            return type == Type.WORD && text.equalsIgnoreCase(word);
        }
    }

    /** SQL text that cannot be tokenized with certainty. */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    private SqlTokenizer() {}

    public static List<Token> tokenize(String sql) throws Unreadable {
        List<Token> tokens = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') i++;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) throw new Unreadable("unterminated /* comment [position=" + i + "]");
                int nested = sql.indexOf("/*", i + 2);
                if (nested >= 0 && nested < end) throw new Unreadable("nested /* comment [position=" + nested + "]");
                i = end + 2;
            } else if (c == '\'' || c == '"') {
                int start = i;
                StringBuilder text = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new Unreadable("unterminated " + (c == '\'' ? "string" : "quoted identifier") + " [position=" + start + "]");
                    }
                    char d = sql.charAt(i);
                    if (d == c) {
                        if (i + 1 < n && sql.charAt(i + 1) == c) {
                            text.append(c);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    text.append(d);
                    i++;
                }
                tokens.add(new Token(c == '\'' ? Type.STRING : Type.QUOTED_IDENTIFIER, text.toString(), start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) i++;
                tokens.add(new Token(Type.WORD, sql.substring(start, i), start));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) i++;
                tokens.add(new Token(Type.NUMBER, sql.substring(start, i), start));
            } else if (c == ';') {
                tokens.add(new Token(Type.SEMICOLON, ";", i));
                i++;
            } else {
                tokens.add(new Token(Type.PUNCT, String.valueOf(c), i));
                i++;
            }
        }
        return tokens;
    }
}
