package io.stratmon.trader;

import java.util.SplittableRandom;

/**
 * Simulated quotes of one symbol: the log of the mid follows a slowly mean-reverting random walk around the
 * start price, and bid/ask sit on the tick grid around it with a random spread.
 *
 * <p>The mean reversion keeps prices believable however long the demo runs: a plain random walk at these
 * volatilities wanders off by tens of percent over a million updates, this one stays within a few percent of the
 * start (one standard deviation is {@code volatility / sqrt(2 * reversion)}, 2% to 3.5% here).
 */
final class QuoteWalk {
    private static final double REVERSION_PER_UPDATE = 0.0002;

    private final Instrument instrument;
    private final double logAnchor;
    private double logMid;

    QuoteWalk(Instrument instrument) {
        this.instrument = instrument;
        this.logAnchor = Math.log(instrument.startPrice());
        this.logMid = logAnchor;
    }

    Quote next(SplittableRandom random) {
        logMid += REVERSION_PER_UPDATE * (logAnchor - logMid) + instrument.volatility() * random.nextGaussian();
        double midTicks = Math.exp(logMid) * instrument.ticksPerUnit();
        long spread = 1 + random.nextInt(instrument.maxSpreadTicks());
        long bid = (long) Math.floor(midTicks - spread / 2.0);
        long ask = bid + spread;
        long last = random.nextBoolean() ? bid : ask;
        return new Quote(instrument.price(bid), instrument.price(ask), instrument.price(last));
    }
}
