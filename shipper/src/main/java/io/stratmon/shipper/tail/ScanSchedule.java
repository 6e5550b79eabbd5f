package io.stratmon.shipper.tail;

/**
 * When the {@link FileTailer} expands its globs again (a full scan: every matching path stat'ed). Polling, every
 * {@code scanInterval}. Watched ({@link DirectoryWatch}), only when names were created or removed in a watched
 * directory (at most once per {@code scanInterval}), plus a safety scan that doubles from {@code scanInterval} up to
 * {@code safetyMax} while scans find nothing new, and starts again from {@code scanInterval} when one does.
 */
final class ScanSchedule {
    private final long interval;
    private final long safetyMax;
    private boolean watched;
    private long next;
    private long safety;
    private boolean requested;
    private long last;

    ScanSchedule(long intervalNanos, long safetyMaxNanos, boolean watched, long now) {
        this.interval = intervalNanos;
        this.safetyMax = Math.max(intervalNanos, safetyMaxNanos);
        this.watched = watched;
        this.next = now;
        this.safety = intervalNanos;
        this.last = now - intervalNanos;
    }

    /** The watch is gone: scan every interval from now on. */
    void unwatched(long now) {
        watched = false;
        next = Math.min(next, now);
    }

    /** Names changed in a watched directory. */
    void request() {
        requested = true;
    }

    boolean due(long now) {
        return now - next >= 0 || (watched && requested && now - last >= interval);
    }

    /** A scan ran; {@code changed}: it found a file, a rename or a file gone. */
    void scanned(long now, boolean changed) {
        last = now;
        requested = false;
        if (!watched) {
            next = now + interval;
            return;
        }
        safety = changed ? interval : Math.min(safety * 2, safetyMax);
        next = now + safety;
    }

    /** Milliseconds until {@link #due} (rounded up), for a watched tailer's sleep. */
    long millisUntilDue(long now) {
        long until = next - now;
        if (watched && requested) until = Math.min(until, last + interval - now);
        return until <= 0 ? 0 : (until + 999_999) / 1_000_000;
    }
}
