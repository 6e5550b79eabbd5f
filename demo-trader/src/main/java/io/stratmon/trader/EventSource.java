package io.stratmon.trader;

/** An endless, deterministic sequence of events to log; one per call, not thread-safe. */
interface EventSource {
    TraderEvent next();
}
