package io.stratmon.trader;

import io.stratmon.trader.TraderEvent.ComponentError;
import io.stratmon.trader.TraderEvent.Fill;
import io.stratmon.trader.TraderEvent.Heartbeat;
import io.stratmon.trader.TraderEvent.OrderRejected;
import io.stratmon.trader.TraderEvent.OrderSent;
import io.stratmon.trader.TraderEvent.PositionUpdate;
import io.stratmon.trader.TraderEvent.Price;

import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * A small trend-following strategy on simulated quotes of three symbols, and the events a quant watches it by.
 *
 * <p>Time is counted in ticks, not seconds. Each tick either settles an order in flight (a fill, followed by the
 * new position, or a rejection) or publishes a quote of one symbol, which may make the moving-average signal
 * send an order that settles one to three ticks later. PnL snapshots and heartbeats follow on a cadence set by
 * the rate, and now and then a component error. One tick gives one or more events; {@link #next()} hands them
 * out one at a time so the caller paces events, not ticks.
 *
 * <p>Everything depends only on the seed and the rate, except the heartbeat's measured {@code loop_ms}.
 * Rejections and errors come on a randomized but bounded schedule so that both show up within the first
 * 1,500 events whatever the seed (checked over 2,000 seeds: by event 914 and 1,228 at the latest): the 2nd or
 * 3rd order is rejected, then one in 8 to 32; the first error is at tick 200 to 1,199, then one every 2,000 to
 * 7,999 ticks.
 */
final class StrategySimulator implements EventSource {
    private static final double FEE_RATE = 0.0004;
    /** Wide enough for about one order per 160 quotes; without a band it is one per 37, mostly paying fees. */
    private static final double SIGNAL_BAND_VOLATILITIES = 2.5;
    private static final List<String> REJECT_REASONS = List.of(
            "insufficient margin", "price outside collar", "order rate limit exceeded", "instrument halted");
    private static final List<ComponentError> ERRORS = List.of(
            new ComponentError("marketdata", "quote feed stale, resubscribing"),
            new ComponentError("gateway", "order session dropped, reconnecting"),
            new ComponentError("risk", "pre-trade risk check timed out"));

    private final List<Instrument> instruments = Instrument.DEFAULTS;
    private final SplittableRandom random;
    private final LongSupplier nanoClock;
    private final QuoteWalk[] walks;
    private final EmaCrossover[] signals;
    private final Quote[] quotes;
    private final Order[] inFlight;
    private final Book book = new Book(instruments);
    private final ArrayDeque<TraderEvent> ready = new ArrayDeque<>();
    private final long heartbeatEvery;
    private final long pnlEvery;

    private long tick;
    private long ordersSent;
    private long ordersUntilReject;
    private long nextErrorTick;
    private long lastHeartbeatNanos;

    /**
     * At {@code rate} events/s, heartbeats come about once a second and PnL snapshots twice, but at least every
     * 1,000 and 500 ticks (so a short load test has them too) and at most every 10 ticks (so that at low rates they
     * do not crowd out the quotes: at 2 events/s both come every 5 seconds or so).
     */
    StrategySimulator(long seed, double rate, LongSupplier nanoClock) {
        this.random = new SplittableRandom(seed);
        this.nanoClock = nanoClock;
        this.walks = instruments.stream().map(QuoteWalk::new).toArray(QuoteWalk[]::new);
        this.signals = instruments.stream()
                .map(i -> new EmaCrossover(SIGNAL_BAND_VOLATILITIES * i.volatility())).toArray(EmaCrossover[]::new);
        this.quotes = new Quote[instruments.size()];
        this.inFlight = new Order[instruments.size()];
        this.heartbeatEvery = Math.max(10, Math.min(1_000, Math.round(rate)));
        this.pnlEvery = Math.max(10, Math.min(500, Math.round(rate / 2)));
        this.ordersUntilReject = 2 + random.nextInt(2);
        this.nextErrorTick = 200 + random.nextInt(1_000);
        this.lastHeartbeatNanos = nanoClock.getAsLong();
    }

    @Override
    public TraderEvent next() {
        while (ready.isEmpty()) {
            advance();
        }
        return ready.poll();
    }

    private void advance() {
        tick++;
        Order due = firstDueOrder();
        if (due != null) {
            settle(due);
        } else {
            publishQuote();
        }
        if (tick % pnlEvery == 0) {
            ready.add(book.snapshot(quotes));
        }
        if (tick % heartbeatEvery == 0) {
            ready.add(heartbeat());
        }
        if (tick == nextErrorTick) {
            ready.add(ERRORS.get(random.nextInt(ERRORS.size())));
            nextErrorTick += 2_000 + random.nextInt(6_000);
        }
    }

    private void publishQuote() {
        // The first ticks quote every symbol once, so that all of them have a mark from the start.
        int i = tick <= instruments.size() ? (int) tick - 1 : randomSymbol();
        Instrument instrument = instruments.get(i);
        Quote quote = walks[i].next(random);
        quotes[i] = quote;
        ready.add(new Price(instrument.symbol(), quote.bid(), quote.ask(), quote.last()));

        long targetLots = signals[i].update(quote.mid()) * instrument.orderLots();
        long missingLots = targetLots - book.position(i).lots();
        if (targetLots != 0 && missingLots != 0 && inFlight[i] == null) {
            // Marketable limit at the touch: buy at the ask, sell at the bid.
            Side side = missingLots > 0 ? Side.BUY : Side.SELL;
            double price = side == Side.BUY ? quote.ask() : quote.bid();
            Order order = new Order(String.format("ORD-%06d", ++ordersSent), i, side, Math.abs(missingLots), price,
                    tick + 1 + random.nextInt(3));
            inFlight[i] = order;
            ready.add(new OrderSent(order.id(), instrument.symbol(), side, instrument.qty(order.lots()), price));
        }
    }

    private void settle(Order order) {
        int i = order.symbolIndex();
        inFlight[i] = null;
        Instrument instrument = instruments.get(i);
        double qty = instrument.qty(order.lots());
        if (--ordersUntilReject == 0) {
            // The position stays as it was; the signal sends a new order on the symbol's next quote.
            ordersUntilReject = 8 + random.nextInt(25);
            String reason = REJECT_REASONS.get(random.nextInt(REJECT_REASONS.size()));
            ready.add(new OrderRejected(order.id(), instrument.symbol(), order.side(), qty, order.price(), reason));
            return;
        }
        double fee = Decimals.round6(qty * order.price() * FEE_RATE);
        Position position = book.position(i);
        position.fill(order.side(), order.lots(), order.price(), fee);
        ready.add(new Fill(order.id(), instrument.symbol(), order.side(), qty, order.price(), fee, latencyMicros()));
        ready.add(new PositionUpdate(instrument.symbol(), position.qty(), Decimals.round6(position.avgPrice()),
                Decimals.round6(position.unrealized(quotes[i].mid()))));
    }

    private Order firstDueOrder() {
        Order first = null;
        for (Order order : inFlight) {
            if (order != null && order.settleTick() <= tick && (first == null || order.settleTick() < first.settleTick())) {
                first = order;
            }
        }
        return first;
    }

    private int randomSymbol() {
        double r = random.nextDouble();
        for (int i = 0; i < instruments.size() - 1; i++) {
            r -= instruments.get(i).weight();
            if (r < 0) {
                return i;
            }
        }
        return instruments.size() - 1;
    }

    /** Send-to-fill latency: log-normal around 0.4 ms, with a 1-in-100 spike twenty times slower. */
    private long latencyMicros() {
        double micros = 400 * Math.exp(0.6 * random.nextGaussian());
        if (random.nextInt(100) == 0) {
            micros *= 20;
        }
        return Math.round(micros);
    }

    private Heartbeat heartbeat() {
        long now = nanoClock.getAsLong();
        double loopMs = Math.round((now - lastHeartbeatNanos) / 1_000.0) / 1_000.0;
        lastHeartbeatNanos = now;
        return new Heartbeat(loopMs);
    }
}
