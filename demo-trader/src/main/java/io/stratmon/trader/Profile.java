package io.stratmon.trader;

import java.util.Locale;

/** What the demo trader logs: the reference's single price walk, or a small three-symbol strategy. */
public enum Profile {
    /** Exactly the reference trader: one {@code price_log} event with a {@code price} field. */
    SEED,
    /** Quotes, orders, fills, positions, PnL, heartbeats, rejections and errors across three symbols. */
    STRATEGY;

    /** Parses {@code "seed"} or {@code "strategy"}, ignoring case and surrounding blanks. */
    public static Profile parse(String text) {
        if (text != null) {
            String name = text.strip().toUpperCase(Locale.ROOT);
            for (Profile profile : values()) {
                if (profile.name().equals(name)) {
                    return profile;
                }
            }
        }
        throw new IllegalArgumentException("unknown profile [value=" + text + ", expected=seed|strategy]");
    }
}
