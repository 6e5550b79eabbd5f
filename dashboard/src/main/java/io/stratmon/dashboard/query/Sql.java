package io.stratmon.dashboard.query;

/** Quoting for the few values the server itself puts into SQL: names from the schema, and filter text. */
final class Sql {
    private Sql() {}

    /** {@code it's} becomes {@code 'it''s'}: QuestDB ends a string only at a lone quote, backslashes are plain. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** {@code my "table"} becomes {@code "my ""table"""}. */
    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
