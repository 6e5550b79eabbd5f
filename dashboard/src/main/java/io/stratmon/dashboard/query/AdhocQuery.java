package io.stratmon.dashboard.query;

import io.stratmon.dashboard.statement.SqlGuard;
import io.stratmon.sql.QueryResult;
import io.stratmon.sql.SqlClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The ad-hoc SQL box: one read-only statement ({@link SqlGuard}), at most {@code maxRows} rows, at most
 * {@code timeout}, and only a couple at a time. SELECT and WITH statements are capped inside QuestDB by wrapping
 * them ({@code SELECT * FROM (...) LIMIT n}); SHOW and EXPLAIN answers are small and are cut here.
 */
public final class AdhocQuery {

    public record Answer(List<Schema.Column> columns, List<List<Object>> rows, boolean truncated, long ms) {}

    /** The statement is not one read-only statement: the server answers 403. */
    public static final class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason);
        }
    }

    /** Too many ad-hoc queries at once: the server answers 429. */
    public static final class Busy extends RuntimeException {
        public Busy() {
            super("too many ad-hoc queries running; try again");
        }
    }

    private final SqlClient sql;
    private final int maxRows;
    private final Duration timeout;
    private final Semaphore running = new Semaphore(2);

    public AdhocQuery(SqlClient sql, int maxRows, Duration timeout) {
        this.sql = sql;
        this.maxRows = maxRows;
        this.timeout = timeout;
    }

    public Answer run(String text) {
        SqlGuard.Verdict verdict = SqlGuard.check(text);
        if (!verdict.allowed()) throw new Refused(verdict.reason());
        if (!running.tryAcquire()) throw new Busy();
        try {
            boolean query = verdict.firstKeyword().equals("SELECT") || verdict.firstKeyword().equals("WITH")
                    || verdict.statement().startsWith("(");
            // The newline keeps a trailing "-- comment" from swallowing the closing parenthesis.
            String statement = query ? "SELECT * FROM (\n" + verdict.statement() + "\n) LIMIT " + (maxRows + 1) : verdict.statement();
            long start = System.nanoTime();
            QueryResult r = sql.query(statement, timeout);
            long ms = (System.nanoTime() - start) / 1_000_000;
            boolean truncated = r.size() > maxRows;
            List<List<Object>> rows = truncated ? r.rows().subList(0, maxRows) : r.rows();
            return new Answer(r.columns().stream().map(c -> new Schema.Column(c.name(), c.type())).toList(), rows, truncated, ms);
        } finally {
            running.release();
        }
    }
}
