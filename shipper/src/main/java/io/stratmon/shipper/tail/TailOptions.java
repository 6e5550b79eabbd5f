package io.stratmon.shipper.tail;

import java.time.Duration;

/**
 * How the {@link FileTailer} reads and how many resources it may hold.
 *
 * @param startAtEnd     a file never seen before (no cursor) is read from its end, not its beginning
 * @param maxLineBytes   longer lines become {@link Batch.TooLong}, never buffered
 * @param scanInterval   how often globs are expanded again (new, rotated, grown idle files)
 * @param rotateWait     how long a file renamed away or deleted stays open after it was drained
 * @param maxOpenFiles   file descriptors held at most; drained files make room for others
 * @param closeIdleAfter a drained file not written for this long is closed (reopened by identity when it grows)
 * @param retryMin       first wait before trying a file that failed with an I/O error again (doubles each time)…
 * @param retryMax       …up to this
 * @param watch          watch the directories ({@link DirectoryWatch}: inotify) and scan only when they change, plus
 *                       a safety scan that slows from {@code scanInterval} to {@link #SAFETY_SCAN_MAX}; false: scan
 *                       every {@code scanInterval}. Needs the real clock (events arrive in real time)
 * @param maxWatchedDirectories more directories than this: polled instead of watched
 */
public record TailOptions(boolean startAtEnd, int maxLineBytes, Duration scanInterval, Duration rotateWait,
                          int maxOpenFiles, Duration closeIdleAfter, Duration retryMin, Duration retryMax,
                          boolean watch, int maxWatchedDirectories) {
    public static final int DEFAULT_MAX_OPEN_FILES = 256;
    public static final Duration DEFAULT_CLOSE_IDLE_AFTER = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETRY_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_WATCHED_DIRECTORIES = 1_000;
    /** The safety scan of a watched tailer doubles from {@code scanInterval} up to this while it finds nothing new. */
    public static final Duration SAFETY_SCAN_MAX = Duration.ofMinutes(2);

    public static TailOptions defaults() {
        return new TailOptions(false, 1024 * 1024, Duration.ofMillis(500), Duration.ofSeconds(5), DEFAULT_MAX_OPEN_FILES,
                DEFAULT_CLOSE_IDLE_AFTER, DEFAULT_RETRY_MIN, DEFAULT_RETRY_MAX, false, DEFAULT_MAX_WATCHED_DIRECTORIES);
    }

    public TailOptions withMaxOpenFiles(int value) {
        return new TailOptions(startAtEnd, maxLineBytes, scanInterval, rotateWait, value, closeIdleAfter, retryMin, retryMax, watch, maxWatchedDirectories);
    }

    public TailOptions withCloseIdleAfter(Duration value) {
        return new TailOptions(startAtEnd, maxLineBytes, scanInterval, rotateWait, maxOpenFiles, value, retryMin, retryMax, watch, maxWatchedDirectories);
    }

    public TailOptions withScanInterval(Duration value) {
        return new TailOptions(startAtEnd, maxLineBytes, value, rotateWait, maxOpenFiles, closeIdleAfter, retryMin, retryMax, watch, maxWatchedDirectories);
    }

    public TailOptions withRotateWait(Duration value) {
        return new TailOptions(startAtEnd, maxLineBytes, scanInterval, value, maxOpenFiles, closeIdleAfter, retryMin, retryMax, watch, maxWatchedDirectories);
    }

    public TailOptions withMaxLineBytes(int value) {
        return new TailOptions(startAtEnd, value, scanInterval, rotateWait, maxOpenFiles, closeIdleAfter, retryMin, retryMax, watch, maxWatchedDirectories);
    }

    public TailOptions withStartAtEnd(boolean value) {
        return new TailOptions(value, maxLineBytes, scanInterval, rotateWait, maxOpenFiles, closeIdleAfter, retryMin, retryMax, watch, maxWatchedDirectories);
    }

    public TailOptions withWatch(boolean value) {
        return new TailOptions(startAtEnd, maxLineBytes, scanInterval, rotateWait, maxOpenFiles, closeIdleAfter, retryMin, retryMax, value, maxWatchedDirectories);
    }

    public TailOptions withMaxWatchedDirectories(int value) {
        return new TailOptions(startAtEnd, maxLineBytes, scanInterval, rotateWait, maxOpenFiles, closeIdleAfter, retryMin, retryMax, watch, value);
    }
}
