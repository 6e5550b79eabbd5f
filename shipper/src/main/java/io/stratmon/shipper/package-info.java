/**
 * The shipper: JSON-lines log files to QuestDB, every line exactly once or in the dead-letter file with its reason.
 * <p>
 * <b>Words.</b> A <i>line</i> is raw text of a file, up to its newline ({@code tail.Line}). A <i>record</i> is a
 * parsed line ({@code parse.LogRecord}). A <i>row</i> is what a table stores: table, designated timestamp, typed
 * columns ({@code mapping.Row}). A <i>cursor</i> is where reading a file has got to: inode, first-line fingerprint,
 * offset ({@code tail.Cursor}); the tailer emits cursors and never makes them durable. A <i>checkpoint</i> is a cursor
 * made durable after QuestDB acknowledged every row before it ({@code checkpoint.Checkpoint}). A <i>dead letter</i>
 * is a line that cannot become a row, or that QuestDB refused, kept with its source, offset and reason in
 * {@code dead-letter.jsonl} ({@link io.stratmon.shipper.DeadLetters}).
 * <p>
 * <b>The path of a line</b>, which is the order of the code in {@link io.stratmon.shipper.Pipeline}:
 * <pre>
 *  tail.FileTailer.poll(budget) ─▶ Batch { lines, TooLong, cursors }
 *        │
 *        ▼
 *  LineConverter: parse ─▶ map ─▶ check ─▶ Converted.Ok(row, line) ─▶ Encoder ─▶ RowBatch (ILP bytes)
 *                    └────────┴───────┴──▶ Converted.Rejected(reason, stage) ─┐
 *        ┌──────────────────────────────────────────────────────────────────┘ │
 *        ▼                                                                     ▼
 *  (hand over to the sending thread) ─▶ Delivery: send, retry with backoff, split a refused batch ─▶ QuestDB 2xx
 *        ▼ on acknowledgement
 *  DeadLetters.add + flush  ─▶  CheckpointStore.commit(cursors)  ─▶  HealthReport counters
 * </pre>
 * Only {@code sink} knows QuestDB; {@code mapping} and {@code parse} are pure; {@code tail} does not know
 * {@code checkpoint}. Time comes from one injected {@link io.stratmon.shipper.time.Clock}.
 */
package io.stratmon.shipper;
