/**
 * A demo trading app that writes JSON lines, one event per line, for stratmon to ship and chart: the Java
 * counterpart of the reference's Python structlog trader.
 *
 * <p><b>Words.</b> An <i>event</i> is something the trader reports ({@code price}, {@code fill}, ...); a <i>line</i>
 * is its JSON text in the log file. {@link io.stratmon.trader.TraderEvent} is the schema: each record names its event,
 * level and fields. A <i>tick</i> is one step of the simulated market in
 * {@link io.stratmon.trader.StrategySimulator} and may give several events. A <i>burst</i> is the run of events the
 * trader writes at one wake-up.
 *
 * <p><b>Flow.</b> {@link io.stratmon.trader.DemoTrader#run()} asks the {@link io.stratmon.trader.Pacer} how many events
 * are due, takes that many from an {@link io.stratmon.trader.EventSource} ({@link io.stratmon.trader.PriceWalk} for the
 * seed profile, {@link io.stratmon.trader.StrategySimulator} for the strategy), logs each one through SLF4J's fluent API
 * ({@code log.atInfo().addKeyValue("price", p).log("price_log")}), flushes, and sleeps until the next burst. Logback
 * and logstash-logback-encoder turn each call into one line; {@link io.stratmon.trader.JsonLogWriter} builds that logback
 * in a private {@code LoggerContext}, so the application's own logging is left exactly as it was.
 *
 * <p><b>Flushing.</b> The file appender buffers lines and the trader flushes once per burst. At low rates a burst is a
 * single event, so each line is in the file as soon as it is logged, as with {@code immediateFlush}. Above 1,000
 * events/s a burst is a millisecond of events, so lines reach the file within about a millisecond with one
 * {@code write} call per burst instead of one per line. If the trader falls behind its schedule it writes without
 * sleeping and flushes every 50 ms. Lines are never split: the buffer only holds whole lines, and a full buffer is
 * written out whole too. {@code DemoTrader.eventsWritten()} only counts lines that are in the file already.
 *
 * <p><b>Determinism.</b> Everything but the timestamps and the heartbeat's measured {@code loop_ms} follows from the
 * seed and the rate, so two runs with the same options give the same events.
 *
 * <p><b>Faults.</b> With option {@code faults} ({@code trader --faults}, on in {@code stratmon demo}) a
 * {@link io.stratmon.trader.FaultInjector} wraps the strategy and follows a {@link io.stratmon.trader.FaultPlan}: from
 * 20 s after the start and then every 3 minutes, the heartbeat pauses for 35 s, the SOL-USD quotes stop for 35 s
 * (20 s later), and 20 s after that 30 {@code error} lines come within 3 s, so that alert rules on a missing heartbeat,
 * a stale price feed and an error burst fire and resolve. Which events are dropped depends on the seed and the wall
 * clock; the burst's errors are written on top of the paced events (and of {@code count}).
 */
package io.stratmon.trader;
