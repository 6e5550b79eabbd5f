package io.stratmon.trader;

/** An order in flight: sent, not yet filled or rejected. It settles at simulator tick {@code settleTick}. */
record Order(String id, int symbolIndex, Side side, long lots, double price, long settleTick) {
}
