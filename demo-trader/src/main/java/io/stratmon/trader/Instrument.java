package io.stratmon.trader;

import java.util.List;

/**
 * A tradable symbol of the simulated strategy and the units it trades in.
 *
 * <p>Prices are whole ticks and quantities whole lots, turned into decimals only for logging; dividing by a
 * power of ten gives the nearest double, so lines read {@code 60012.34}, never {@code 60012.340000000004}.
 *
 * @param ticksPerUnit  price ticks per currency unit (100 = a 0.01 tick)
 * @param lotsPerUnit   quantity lots per coin (10,000 = a 0.0001 lot)
 * @param orderLots     the strategy's position size, in lots; positions stay within plus or minus this
 * @param volatility    standard deviation of the log-price per quote update
 * @param maxSpreadTicks the widest bid/ask spread, in ticks
 * @param weight        share of the quote updates this symbol gets
 */
record Instrument(String symbol, double startPrice, long ticksPerUnit, long lotsPerUnit, long orderLots,
                  double volatility, int maxSpreadTicks, double weight) {

    /** About $4,500 to $5,000 of each at the start. */
    static final List<Instrument> DEFAULTS = List.of(
            new Instrument("BTC-USD", 60_000, 100, 10_000, 800, 0.0004, 40, 0.45),
            new Instrument("ETH-USD", 3_000, 100, 1_000, 1_500, 0.0005, 6, 0.35),
            new Instrument("SOL-USD", 150, 100, 100, 3_000, 0.0007, 2, 0.20));

    double price(long ticks) {
        return ticks / (double) ticksPerUnit;
    }

    double qty(long lots) {
        return lots / (double) lotsPerUnit;
    }
}
