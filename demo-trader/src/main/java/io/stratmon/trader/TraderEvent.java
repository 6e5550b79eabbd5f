package io.stratmon.trader;

import org.slf4j.Logger;

/**
 * One line of the trader's log: each record knows its event name, level and fields, in the order they are written.
 *
 * <p>This file is the log's schema. A key always has one JSON type: money, prices and quantities are
 * {@code double} (always written with a decimal point or exponent), {@code latency_us} is a {@code long},
 * and identifiers, symbols, sides and reasons are strings.
 */
sealed interface TraderEvent {

    /** Writes this event as one line through the SLF4J fluent API. */
    void logTo(Logger log);

    /** The reference trader's only event. */
    record PriceLog(double price) implements TraderEvent {
        public void logTo(Logger log) {
            log.atInfo().addKeyValue("price", price).log("price_log");
        }
    }

    /** Top of book and last trade of one symbol. */
    record Price(String symbol, double bid, double ask, double last) implements TraderEvent {
        public void logTo(Logger log) {
            log.atInfo().addKeyValue("symbol", symbol).addKeyValue("bid", bid).addKeyValue("ask", ask)
                    .addKeyValue("last", last).log("price");
        }
    }

    record OrderSent(String orderId, String symbol, Side side, double qty, double price) implements TraderEvent {
        public void logTo(Logger log) {
            log.atInfo().addKeyValue("order_id", orderId).addKeyValue("symbol", symbol).addKeyValue("side", side.name())
                    .addKeyValue("qty", qty).addKeyValue("price", price).log("order_sent");
        }
    }

    /** A complete fill of an earlier {@link OrderSent}; the fee is already part of realized PnL. */
    record Fill(String orderId, String symbol, Side side, double qty, double price, double fee, long latencyUs)
            implements TraderEvent {
        public void logTo(Logger log) {
            log.atInfo().addKeyValue("order_id", orderId).addKeyValue("symbol", symbol).addKeyValue("side", side.name())
                    .addKeyValue("qty", qty).addKeyValue("price", price).addKeyValue("fee", fee)
                    .addKeyValue("latency_us", latencyUs).log("fill");
        }
    }

    /** A symbol's position after a fill: signed quantity (negative is short), average entry price, mark-to-mid PnL. */
    record PositionUpdate(String symbol, double qty, double avgPrice, double unrealizedPnl) implements TraderEvent {
        public void logTo(Logger log) {
            log.atInfo().addKeyValue("symbol", symbol).addKeyValue("qty", qty).addKeyValue("avg_price", avgPrice)
                    .addKeyValue("unrealized_pnl", unrealizedPnl).log("position");
        }
    }

    /** Account snapshot: {@code equity = capital + realized + unrealized}, {@code drawdown = peak equity - equity}. */
    record PnlSnapshot(double realized, double unrealized, double equity, double drawdown) implements TraderEvent {
        public void logTo(Logger log) {
            log.atInfo().addKeyValue("realized", realized).addKeyValue("unrealized", unrealized)
                    .addKeyValue("equity", equity).addKeyValue("drawdown", drawdown).log("pnl");
        }
    }

    /** Liveness: wall-clock milliseconds since the previous heartbeat; it grows when the trader stalls. */
    record Heartbeat(double loopMs) implements TraderEvent {
        public void logTo(Logger log) {
            log.atInfo().addKeyValue("loop_ms", loopMs).log("heartbeat");
        }
    }

    record OrderRejected(String orderId, String symbol, Side side, double qty, double price, String reason)
            implements TraderEvent {
        public void logTo(Logger log) {
            log.atWarn().addKeyValue("order_id", orderId).addKeyValue("symbol", symbol).addKeyValue("side", side.name())
                    .addKeyValue("qty", qty).addKeyValue("price", price).addKeyValue("reason", reason)
                    .log("order_rejected");
        }
    }

    /** Something broke in a component of the trader (simulated: nothing actually fails). */
    record ComponentError(String component, String reason) implements TraderEvent {
        public void logTo(Logger log) {
            log.atError().addKeyValue("component", component).addKeyValue("reason", reason).log("error");
        }
    }
}
