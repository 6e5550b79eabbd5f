package io.stratmon.shipper;

/**
 * A test-only fault: with the system property {@value #PROPERTY} set to N, the shipping thread throws an
 * {@link InjectedFault} (an {@link Error}, as an {@code OutOfMemoryError} would be) once it has read N lines. Lets a
 * test kill the shipper inside a real {@code stratmon up}/{@code demo} process; not documented for users.
 */
final class FaultInjection {
    static final String PROPERTY = "stratmon.fault.shipper-dies-after-lines";
    private static final long DIE_AFTER_LINES = Long.getLong(PROPERTY, -1);

    private static long linesRead;

    private FaultInjection() {}

    /** Counts the lines of a batch just read (only when the property is set), then checks. */
    static void read(int lines) {
        if (DIE_AFTER_LINES < 0) return;
        linesRead += lines;
        check(linesRead);
    }

    /** Throws once {@code linesRead} reached the configured count; does nothing when the property is unset. */
    static void check(long linesRead) {
        if (DIE_AFTER_LINES >= 0 && linesRead >= DIE_AFTER_LINES) {
            throw new InjectedFault("injected fault: " + PROPERTY + "=" + DIE_AFTER_LINES + " [linesRead=" + linesRead + "]");
        }
    }

    static final class InjectedFault extends Error {
        InjectedFault(String message) {
            super(message);
        }
    }
}
