package io.stratmon.shipper.fast;

import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.Labels;
import io.stratmon.shipper.mapping.MappingConfig;
import io.stratmon.shipper.mapping.RowCheck;
import io.stratmon.shipper.sink.Digits;
import io.stratmon.shipper.sink.IlpBatch;
import io.stratmon.shipper.sink.IlpEncoder;
import io.stratmon.shipper.sink.TableSetup;
import io.stratmon.shipper.tail.Line;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The single-pass path from a JSON line to ILP: the line's bytes are scanned once ({@link JsonScan}), keys are looked
 * up by their bytes in plans made by the general mapper's own rules ({@link RowScan}), and the row is written straight
 * into the batch's buffer, byte for byte what {@code LineConverter} + {@code IlpEncoder} write for the same line.
 * A line it is not sure of is left to the general converter (it writes nothing and returns false), which stays the
 * reference: it refuses lines with a reason and teaches the row check new tables and columns. The check is skipped
 * only for columns it has {@linkplain RowCheck#settled settled}, so it never lets through what the check would refuse.
 *
 * <pre>{@code
 * FastConverter fast = FastConverter.of(input.mapping(), check);       // null: this mapping has no fast path
 * if (fast == null || !fast.append(line, batch, line.source().src())) {
 *     ... the general path: converter.convert(line), then batch.add(row, src, offset)
 * }
 * }</pre>
 * Allocates nothing per line once its keys and tables are planned. Not thread-safe: one per input and pipeline.
 */
public final class FastConverter {
    private static final int MAX_TABLES = 1024;
    private static final byte[] SRC = IlpEncoder.escaped(TableSetup.SRC, false);
    private static final byte[] OFFSET = IlpEncoder.escaped(TableSetup.OFFSET, false);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final RowCheck check;
    private final RowScan scan;
    /** The input's labels as ILP writes them after the table name ({@code ,host=h1,strategy=s}), and their names. */
    private final byte[] labelBytes;
    private final String[] labelNames;
    private final TablePlan defaultTable;
    private final ByteKeys<TablePlan> tables = new ByteKeys<>(MAX_TABLES);
    private String lastSrc;
    /** The event name of the last line's table, as the line has it, and that table. */
    private byte[] lastName;
    private TablePlan lastTable;
    private byte[] lastSrcEscaped;

    private FastConverter(MappingConfig mapping, Labels labels, RowCheck check) {
        this.check = check;
        this.labelNames = labels.columns().stream().map(c -> c.name()).toArray(String[]::new);
        this.scan = new RowScan(mapping, labelNames);
        this.defaultTable = scan.table(scan.rules().defaultTable());
        IlpEncoder bytes = new IlpEncoder(2);
        for (var c : labels.columns()) {
            bytes.put((byte) ',');
            byte[] name = IlpEncoder.escaped(c.name(), false), value = IlpEncoder.escaped((String) c.value(), false);
            bytes.putBytes(name, 0, name.length);
            bytes.put((byte) '=');
            bytes.putBytes(value, 0, value.length);
        }
        this.labelBytes = java.util.Arrays.copyOf(bytes.buffer(), bytes.size());
    }

    /** The fast path of a mapping without labels. */
    public static FastConverter of(MappingConfig mapping, RowCheck check) {
        return of(mapping, Labels.NONE, check);
    }

    /**
     * The fast path of a mapping whose rows start with the input's constant labels (precomputed bytes), or null when it
     * has none (a {@code query} path: the general path reads only that object).
     */
    public static FastConverter of(MappingConfig mapping, Labels labels, RowCheck check) {
        if (mapping.query() != null || !mapping.problems().isEmpty() || mapping.compiledTimeFormat() == null
                || !labels.problems().isEmpty()) {
            return null;
        }
        return new FastConverter(mapping, labels, check);
    }

    /**
     * Appends the row of {@code line} to {@code batch} and returns true, or appends nothing and returns false (the
     * general path then decides). {@code src} non-null adds the dedup keys ({@code _src}, {@code _offset} = the line's offset).
     */
    public boolean append(Line line, IlpBatch batch, String src) {
        byte[] b = line.buffer();
        if (!scan.read(b, line.start(), line.length())) return false;
        TablePlan table = table(b);
        if (table == null || table.refused || !table.settled(check, labelNames)) return false;
        RowScan r = scan;
        for (int i = 0; i < r.columns; i++) {
            if (!table.settled(check, r.plans[i], r.types[i])) return false;
        }
        write(b, table, src, line.offset(), batch.encoder());
        batch.ended(table.table, src != null);
        return true;
    }

    /** The designated timestamp (epoch nanos) of the row the last successful {@link #append} wrote. */
    public long lastTimestampNanos() {
        return scan.timeNanos;
    }

    private TablePlan table(byte[] b) {
        if (scan.nameStart < 0) return defaultTable;
        // Runs of lines mostly name one table: the last one is compared first, without hashing.
        if (lastName != null && ByteKeys.same(lastName, b, scan.nameStart, scan.nameLength)) return lastTable;
        int hash = ByteKeys.hash(b, scan.nameStart, scan.nameLength);
        TablePlan plan = tables.get(b, scan.nameStart, scan.nameLength, hash);
        if (plan == null) {
            plan = scan.table(scan.rules().table(new String(b, scan.nameStart, scan.nameLength, StandardCharsets.UTF_8)));
            if (!tables.put(b, scan.nameStart, scan.nameLength, hash, plan)) return null;
            plan.name = java.util.Arrays.copyOfRange(b, scan.nameStart, scan.nameStart + scan.nameLength);
        }
        lastName = plan.name;
        lastTable = plan;
        return plan;
    }

    /** The row, in IlpEncoder's order: table, labels, symbols, {@code _src}, fields, {@code _offset}, designated time. */
    private void write(byte[] b, TablePlan table, String src, long offset, IlpEncoder out) {
        if (out.protocolVersion() != 2) {
            writeChecked(b, table, src, offset, out);
            return;
        }
        // Version 2: the row's size is bounded before it is written, so the buffer is made large enough once and every
        // byte goes straight into it (no bounds check per byte, no call per value).
        RowScan r = scan;
        byte[] s = src != null ? srcBytes(src) : null;
        int bound = table.escaped.length + labelBytes.length + (s != null ? SRC.length + OFFSET.length + s.length + 26 : 0) + 24;
        for (int i = 0; i < r.columns; i++) bound += r.plans[i].escapedName.length + 2 * r.lengths[i] + 24;
        byte[] buf = out.room(bound);
        int at = out.size();
        at = copy(table.escaped, buf, at);
        at = copy(labelBytes, buf, at);
        for (int i = 0; i < r.columns; i++) {
            if (r.types[i] != ColumnType.SYMBOL) continue;
            buf[at++] = ',';
            at = copy(r.plans[i].escapedName, buf, at);
            buf[at++] = '=';
            at = Strings.write(b, r.starts[i], r.lengths[i], r.escaped[i], false, buf, at);
        }
        if (s != null) {
            buf[at++] = ',';
            at = copy(SRC, buf, at);
            buf[at++] = '=';
            at = copy(s, buf, at);
        }
        byte separator = ' ';
        for (int i = 0; i < r.columns; i++) {
            ColumnType type = r.types[i];
            if (type == ColumnType.SYMBOL) continue;
            buf[at++] = separator;
            separator = ',';
            at = copy(r.plans[i].escapedName, buf, at);
            buf[at++] = '=';
            switch (type) {
                case VARCHAR -> {
                    buf[at++] = '"';
                    at = Strings.write(b, r.starts[i], r.lengths[i], r.escaped[i], true, buf, at);
                    buf[at++] = '"';
                }
                case DOUBLE -> {
                    buf[at++] = '=';
                    buf[at++] = IlpEncoder.DOUBLE_BINARY;
                    LONGS.set(buf, at, r.bits[i]);
                    at += 8;
                }
                case LONG -> {
                    at = Digits.write(r.bits[i], buf, at);
                    buf[at++] = 'i';
                }
                case BOOLEAN -> buf[at++] = r.bits[i] != 0 ? (byte) 't' : (byte) 'f';
                default -> throw new IllegalStateException("no fast path for " + type);
            }
        }
        if (s != null) {
            buf[at++] = separator;
            at = copy(OFFSET, buf, at);
            buf[at++] = '=';
            at = Digits.write(offset, buf, at);
            buf[at++] = 'i';
        }
        buf[at++] = ' ';
        at = Digits.write(Math.floorDiv(r.timeNanos, 1000L), buf, at);
        buf[at++] = 't';
        buf[at++] = '\n';
        out.grown(at);
    }

    private static int copy(byte[] from, byte[] to, int at) {
        System.arraycopy(from, 0, to, at, from.length);
        return at + from.length;
    }

    /** The same row through the encoder's own calls (version 1: doubles as text, nanosecond times). */
    private void writeChecked(byte[] b, TablePlan table, String src, long offset, IlpEncoder out) {
        RowScan r = scan;
        out.putBytes(table.escaped, 0, table.escaped.length);
        out.putBytes(labelBytes, 0, labelBytes.length);
        for (int i = 0; i < r.columns; i++) {
            if (r.types[i] != ColumnType.SYMBOL) continue;
            out.put((byte) ',');
            out.putBytes(r.plans[i].escapedName, 0, r.plans[i].escapedName.length);
            out.put((byte) '=');
            Strings.write(b, r.starts[i], r.lengths[i], r.escaped[i], false, out);
        }
        if (src != null) {
            out.put((byte) ',');
            out.putBytes(SRC, 0, SRC.length);
            out.put((byte) '=');
            byte[] s = srcBytes(src);
            out.putBytes(s, 0, s.length);
        }
        byte separator = ' ';
        for (int i = 0; i < r.columns; i++) {
            ColumnType type = r.types[i];
            if (type == ColumnType.SYMBOL) continue;
            out.put(separator);
            separator = ',';
            out.putBytes(r.plans[i].escapedName, 0, r.plans[i].escapedName.length);
            out.put((byte) '=');
            switch (type) {
                case VARCHAR -> {
                    out.put((byte) '"');
                    Strings.write(b, r.starts[i], r.lengths[i], r.escaped[i], true, out);
                    out.put((byte) '"');
                }
                case DOUBLE -> out.putDouble(Double.longBitsToDouble(r.bits[i]));
                case LONG -> {
                    out.putLong(r.bits[i]);
                    out.put((byte) 'i');
                }
                case BOOLEAN -> out.put(r.bits[i] != 0 ? (byte) 't' : (byte) 'f');
                default -> throw new IllegalStateException("no fast path for " + type);
            }
        }
        if (src != null) {
            out.put(separator);
            out.putBytes(OFFSET, 0, OFFSET.length);
            out.put((byte) '=');
            out.putLong(offset);
            out.put((byte) 'i');
        }
        out.endRow(r.timeNanos);
    }

    private byte[] srcBytes(String src) {
        if (src != lastSrc) {
            lastSrc = src;
            lastSrcEscaped = IlpEncoder.escaped(src, false);
        }
        return lastSrcEscaped;
    }
}
