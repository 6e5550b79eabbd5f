package io.stratmon.trader;

import java.util.List;

/** The account: starting capital, one {@link Position} per instrument, and the peak equity that drawdown is measured from. */
final class Book {
    static final double STARTING_CAPITAL = 100_000;

    private final Position[] positions;
    private double peakEquity = STARTING_CAPITAL;

    Book(List<Instrument> instruments) {
        positions = instruments.stream().map(Position::new).toArray(Position[]::new);
    }

    Position position(int symbolIndex) {
        return positions[symbolIndex];
    }

    /**
     * PnL now, with open positions marked at the mid of {@code quotes} (same order as the instruments; a symbol
     * without a quote yet has no position either). The peak is the highest equity of all snapshots so far,
     * starting capital included, so drawdown is never negative.
     */
    TraderEvent.PnlSnapshot snapshot(Quote[] quotes) {
        double realized = 0;
        double unrealized = 0;
        for (int i = 0; i < positions.length; i++) {
            realized += positions[i].realized();
            if (quotes[i] != null) {
                unrealized += positions[i].unrealized(quotes[i].mid());
            }
        }
        double equity = STARTING_CAPITAL + realized + unrealized;
        peakEquity = Math.max(peakEquity, equity);
        return new TraderEvent.PnlSnapshot(Decimals.round6(realized), Decimals.round6(unrealized),
                Decimals.round6(equity), Decimals.round6(peakEquity - equity));
    }
}
