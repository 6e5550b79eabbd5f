package io.stratmon.trader;

/** Direction of an order or fill; logged as {@code "BUY"} or {@code "SELL"}. */
enum Side {
    BUY, SELL;

    /** +1 for a buy, -1 for a sell: the sign of the position change. */
    int sign() {
        return this == BUY ? 1 : -1;
    }
}
