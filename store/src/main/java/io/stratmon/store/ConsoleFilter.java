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

    private ConsoleFilter(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static synchronized ConsoleFilter install() {
        ConsoleFilter filter = new ConsoleFilter(System.out, System.err);
        System.setOut(new PrintStream(new LineFilter(filter.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new LineFilter(filter.err), true, StandardCharsets.UTF_8));
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

        @Override
        public synchronized void flush() {
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
