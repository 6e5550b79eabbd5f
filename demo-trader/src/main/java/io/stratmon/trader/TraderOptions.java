package io.stratmon.trader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a {@link DemoTrader} runs: where it writes, what it logs, how fast and for how long.
 *
 * @param logFile  the JSON-lines file; appended to when it exists, parent directories are created
 * @param profile  what to log
 * @param rate     events per second, in total, in {@code (0, 1_000_000]}
 * @param duration how long to run; {@code null} runs until stopped
 * @param count    how many events to write; {@code 0} means no limit (with faults, burst errors come on top)
 * @param console  also print every line to standard output
 * @param seed     seed of the random numbers; the same seed gives the same events (timestamps and measured timings aside)
 * @param faults   inject incidents for alerts to fire on (strategy profile only): from 20 s after the start and every
 *                 3 minutes, the heartbeat pauses 35 s, SOL-USD quotes stop 35 s, then 30 errors come within 3 s
 */
public record TraderOptions(Path logFile, Profile profile, double rate, Duration duration, long count,
                            boolean console, long seed, boolean faults) {

    public static final double MAX_RATE = 1_000_000;

    /** Strategy profile, 2 events/s, forever, no count limit, console on, a random seed, no faults. */
    public static TraderOptions defaults(Path logFile) {
        return new TraderOptions(logFile, Profile.STRATEGY, 2.0, null, 0, true, ThreadLocalRandom.current().nextLong(), false);
    }

    public TraderOptions withLogFile(Path logFile) {
        return new TraderOptions(logFile, profile, rate, duration, count, console, seed, faults);
    }

    public TraderOptions withProfile(Profile profile) {
        return new TraderOptions(logFile, profile, rate, duration, count, console, seed, faults);
    }

    public TraderOptions withRate(double rate) {
        return new TraderOptions(logFile, profile, rate, duration, count, console, seed, faults);
    }

    public TraderOptions withDuration(Duration duration) {
        return new TraderOptions(logFile, profile, rate, duration, count, console, seed, faults);
    }

    public TraderOptions withCount(long count) {
        return new TraderOptions(logFile, profile, rate, duration, count, console, seed, faults);
    }

    public TraderOptions withConsole(boolean console) {
        return new TraderOptions(logFile, profile, rate, duration, count, console, seed, faults);
    }

    public TraderOptions withSeed(long seed) {
        return new TraderOptions(logFile, profile, rate, duration, count, console, seed, faults);
    }

    public TraderOptions withFaults(boolean faults) {
        return new TraderOptions(logFile, profile, rate, duration, count, console, seed, faults);
    }

    /** Everything wrong with these options, one message each; empty when they are usable. No I/O. */
    public List<String> problems() {
        var problems = new ArrayList<String>();
        if (logFile == null) {
            problems.add("log_file: is required");
        }
        if (profile == null) {
            problems.add("profile: is required [expected=seed|strategy]");
        }
        // Written as a negation so that NaN fails too.
        if (!(rate > 0 && rate <= MAX_RATE)) {
            problems.add("rate: must be > 0 and <= 1000000 events/s [value=" + rate + "]");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            problems.add("duration: must be positive, or absent to run until stopped [value=" + duration + "]");
        }
        if (count < 0) {
            problems.add("count: must be >= 0, where 0 means no limit [value=" + count + "]");
        }
        if (faults && profile == Profile.SEED) {
            problems.add("faults: need the strategy profile (the seed profile has no heartbeat, symbols or errors) [profile=seed]");
        }
        return problems;
    }
}
