package io.stratmon.store;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps QuestDB's few direct console prints ("Log configuration loaded from: ...", "QuestDB is shutting down...")
 * off stdout and stderr while QuestDB starts and stops: its log goes to a file, and the console belongs to stratmon.
 * Every other line passes through unchanged.
 */
final class ConsoleFilter implements AutoCloseable {
    private static final String[] DROPPED = {"Log configuration loaded from", "QuestDB is shutting down"};

    private final PrintStream out;
    private final PrintStream err;
    private final LineFilter outFilter;
    private final LineFilter errFilter;

    private ConsoleFilter(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        this.outFilter = new LineFilter(out);
        this.errFilter = new LineFilter(err);
    }

    static synchronized ConsoleFilter install() {
        ConsoleFilter filter = new ConsoleFilter(System.out, System.err);
        System.setOut(new PrintStream(filter.outFilter, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(filter.errFilter, true, StandardCharsets.UTF_8));
        return filter;
    }

    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        synchronized (ConsoleFilter.class) {
            System.setOut(out);
            System.setErr(err);
        }
        outFilter.finish();
        errFilter.finish();
    }

    /** Buffers a line at a time and forwards it unless it is one of QuestDB's prints. */
    private static final class LineFilter extends OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineFilter(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') emit();
        }

        /** Forwards what is complete; a partial line waits for its end (a flush may come in the middle of a printf). */
        @Override
        public synchronized void flush() {
            target.flush();
        }

        /** The filter is going away: whatever is left (an unfinished line) goes out as it is. */
        synchronized void finish() {
            if (line.size() > 0) emit();
            target.flush();
        }

        private void emit() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            for (String dropped : DROPPED) {
                if (text.startsWith(dropped)) return;
            }
            target.print(text);
        }
    }
}
