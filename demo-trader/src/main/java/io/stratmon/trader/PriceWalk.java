package io.stratmon.trader;

import java.util.SplittableRandom;

/** The reference trader's price: a random walk from 100 with 1% Gaussian steps, {@code price *= 1 + N(0,1) * 0.01}. */
final class PriceWalk implements EventSource {
    private final SplittableRandom random;
    private double price = 100;

    PriceWalk(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public TraderEvent next() {
        price *= 1 + random.nextGaussian() * 0.01;
        return new TraderEvent.PriceLog(price);
    }
}
