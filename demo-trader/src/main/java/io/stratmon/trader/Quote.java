package io.stratmon.trader;

/** The last published top of book of a symbol; positions are marked at its mid. */
record Quote(double bid, double ask, double last) {
    double mid() {
        return (bid + ask) / 2;
    }
}
