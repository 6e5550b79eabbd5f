package io.stratmon.trader;

import ch.qos.logback.core.FileAppender;

import java.io.IOException;
import java.io.OutputStream;

/** A logback {@link FileAppender} whose buffer can be flushed on demand, under the same lock that writes use. */
final class FlushableFileAppender<E> extends FileAppender<E> {

    /**
     * Pushes buffered lines to the file. The buffer only ever holds whole lines (each event is written with one
     * {@code write}), so this never leaves half a line in the file.
     */
    void flush() {
        streamWriteLock.lock();
        try {
            OutputStream out = getOutputStream();
            if (isStarted() && out != null) {
                out.flush();
            }
        } catch (IOException e) {
            // Logback's resilient stream reports and recovers from write errors itself; a flush failure is no different.
            addError("cannot flush trader log [file=" + getFile() + "]", e);
        } finally {
            streamWriteLock.unlock();
        }
    }
}
