package io.stratmon.trader;

/**
 * Bookkeeping of one symbol: signed quantity, average entry price and realized PnL (net of fees).
 *
 * <p>Adding to a position moves the average price; reducing it realizes {@code closed qty * (fill - avg)} for a
 * long (the opposite for a short) and keeps the average; flipping through zero realizes the whole old position and
 * opens the remainder at the fill price.
 */
final class Position {
    private final Instrument instrument;
    private long lots;
    private double avgPrice;
    private double realized;

    Position(Instrument instrument) {
        this.instrument = instrument;
    }

    void fill(Side side, long fillLots, double price, double fee) {
        realized -= fee;
        long signedLots = side.sign() * fillLots;
        if (lots == 0 || Long.signum(lots) == side.sign()) {
            long held = Math.abs(lots);
            avgPrice = (held * avgPrice + fillLots * price) / (held + fillLots);
        } else {
            long closed = Math.min(Math.abs(lots), fillLots);
            realized += Long.signum(lots) * instrument.qty(closed) * (price - avgPrice);
            if (fillLots > Math.abs(lots)) {
                avgPrice = price;
            }
        }
        lots += signedLots;
        if (lots == 0) {
            avgPrice = 0;
        }
    }

    long lots() {
        return lots;
    }

    double qty() {
        return instrument.qty(lots);
    }

    double avgPrice() {
        return avgPrice;
    }

    double realized() {
        return realized;
    }

    double unrealized(double mark) {
        return lots == 0 ? 0 : qty() * (mark - avgPrice);
    }
}
