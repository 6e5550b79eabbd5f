package io.stratmon.shipper.mapping;

import java.time.Instant;

/**
 * The times QuestDB stores, in epoch nanoseconds. A designated timestamp must lie in
 * [{@code 1970-01-01T00:00:00Z}, {@code 2261-12-31T23:59:59.999999999Z}]: QuestDB 9.3.4's ILP receiver refuses a
 * negative one ("designated timestamp before 1970-01-01 is not allowed") and one above
 * {@code 9214646399999999999} in the column's unit ("designated timestamp overflow"), which for a
 * {@code TIMESTAMP_NS} table is the last nanosecond of 2261 ({@code LineWalAppender}, {@code LineProtocolException}).
 * Any other TIMESTAMP column holds what a nanosecond long holds (1677-09-21 to 2262-04-11). A line outside is
 * dead-lettered with the range in its reason, never stored at another time.
 */
public final class TimeRange {
    /** The first designated timestamp QuestDB stores: the epoch. */
    public static final long MIN_DESIGNATED = 0L;
    /** The last designated timestamp QuestDB stores. */
    public static final long MAX_DESIGNATED = 9_214_646_399_999_999_999L;
    /** The designated timestamp's range, as reasons name it. */
    public static final String DESIGNATED = text(MIN_DESIGNATED) + ".." + text(MAX_DESIGNATED);
    /** A non-designated TIMESTAMP column's range (a nanosecond long, less the two values that mark errors). */
    public static final String COLUMN = text(Long.MIN_VALUE + 2) + ".." + text(Long.MAX_VALUE);

    private TimeRange() {}

    /** Whether QuestDB stores this designated timestamp (false for {@link TimeFormat#INVALID}/{@link TimeFormat#OUT_OF_RANGE}). */
    public static boolean designated(long nanos) {
        return nanos >= MIN_DESIGNATED && nanos <= MAX_DESIGNATED;
    }

    static String text(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)).toString();
    }
}
