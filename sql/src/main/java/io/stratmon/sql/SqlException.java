package io.stratmon.sql;

/** A query failed: QuestDB refused it, or could not be reached. The message carries QuestDB's own error. */
public class SqlException extends RuntimeException {
    private final String sql;
    private final int httpStatus;

    public SqlException(String message, String sql, int httpStatus, Throwable cause) {
        super(message, cause);
        this.sql = sql;
        this.httpStatus = httpStatus;
    }

    public String sql() {
        return sql;
    }

    /** HTTP status QuestDB answered with, or -1 when it could not be reached. */
    public int httpStatus() {
        return httpStatus;
    }

    /** True when QuestDB was not reached at all (as opposed to refusing the statement). */
    public boolean isUnreachable() {
        return httpStatus < 0;
    }
}
