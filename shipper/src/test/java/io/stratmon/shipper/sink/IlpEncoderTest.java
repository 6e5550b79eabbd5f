package io.stratmon.shipper.sink;

import io.questdb.client.Sender;
import io.questdb.client.std.bytes.DirectByteSlice;
import io.stratmon.shipper.mapping.ColumnType;
import io.stratmon.shipper.mapping.Row;
import org.junit.jupiter.api.Test;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Our ILP encoder writes byte for byte what questdb-client writes (protocol 2), for random rows with every escape. */
class IlpEncoderTest {
    static final String CHARS = "abcXYZ019_ ,=\"\\\n\r\t'.:;-éü日本€";

    static String random(Random r, int max) {
        int n = 1 + r.nextInt(max);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(CHARS.charAt(r.nextInt(CHARS.length())));
        return sb.toString();
    }

    /** Names as the mapper makes them (Names sanitizes what QuestDB refuses), values anything. */
    static String name(Random r) {
        String base = "abcxyz_XYZ019éü";
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) sb.append(base.charAt(r.nextInt(base.length())));
        return sb.toString();
    }

    static Row randomRow(Random r) {
        List<Row.Column> columns = new ArrayList<>();
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            String name = name(r) + i;
            ColumnType type = ColumnType.values()[r.nextInt(ColumnType.values().length)];
            Object value = switch (type) {
                case SYMBOL, VARCHAR -> random(r, 30);
                case DOUBLE -> switch (r.nextInt(4)) {
                    case 0 -> r.nextDouble() * 1e6;
                    case 1 -> -r.nextGaussian();
                    case 2 -> Double.longBitsToDouble(r.nextLong());
                    default -> 0.1 + 0.2;
                };
                case LONG -> r.nextBoolean() ? r.nextLong() : (long) r.nextInt(1000) - 500;
                case BOOLEAN -> r.nextBoolean();
                case TIMESTAMP -> r.nextLong() / 1000 * 1000;
            };
            columns.add(new Row.Column(name, type, value));
        }
        // Symbols first, as the encoder writes them (the client requires it).
        columns.sort((a, b) -> Boolean.compare(a.type() != ColumnType.SYMBOL, b.type() != ColumnType.SYMBOL));
        long ts = (r.nextLong() >>> 8) / 1000 * 1000;
        return new Row(name(r), ts, columns);
    }

    static byte[] viaClient(List<Row> rows) {
        return viaClient(rows, 2);
    }

    static byte[] viaClient(List<Row> rows, int version) {
        try (Sender s = Sender.fromConfig("http::addr=127.0.0.1:1;protocol_version=" + version + ";auto_flush=off;")) {
            for (Row row : rows) {
                s.table(row.table());
                for (Row.Column c : row.columns()) if (c.type() == ColumnType.SYMBOL) s.symbol(c.name(), (String) c.value());
                for (Row.Column c : row.columns()) {
                    switch (c.type()) {
                        case SYMBOL -> { }
                        case VARCHAR -> s.stringColumn(c.name(), (String) c.value());
                        case DOUBLE -> s.doubleColumn(c.name(), (Double) c.value());
                        case LONG -> s.longColumn(c.name(), (Long) c.value());
                        case BOOLEAN -> s.boolColumn(c.name(), (Boolean) c.value());
                        case TIMESTAMP -> s.timestampColumn(c.name(), Math.floorDiv((Long) c.value(), 1000L), ChronoUnit.MICROS);
                    }
                }
                s.at(Math.floorDiv(row.timestampNanos(), 1000L), ChronoUnit.MICROS);
            }
            DirectByteSlice view = s.bufferView();
            byte[] bytes = new byte[view.size()];
            for (int i = 0; i < bytes.length; i++) bytes[i] = view.byteAt(i);
            s.reset();
            return bytes;
        }
    }

    static byte[] viaEncoder(List<Row> rows) {
        return viaEncoder(rows, 2);
    }

    static byte[] viaEncoder(List<Row> rows, int version) {
        IlpEncoder e = new IlpEncoder(version);
        for (Row row : rows) e.row(row);
        return Arrays.copyOf(e.buffer(), e.size());
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void writes_the_same_bytes_as_questdb_client_with_protocol_version_1() {
        Random r = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 1 + r.nextInt(10); i++) rows.add(randomRow(r));
            assertThat(latin1(viaEncoder(rows, 1))).as("round %d", round).isEqualTo(latin1(viaClient(rows, 1)));
        }
    }

    @Test
    void dedup_keys_are_the_last_symbol_and_the_last_field() {
        Random r = new Random(11);
        for (int round = 0; round < 200; round++) {
            Row row = randomRow(r);
            String src = String.format("%016x", r.nextLong());
            long offset = r.nextInt(1 << 30);
            List<Row.Column> columns = new ArrayList<>();
            row.columns().stream().filter(c -> c.type() == ColumnType.SYMBOL).forEach(columns::add);
            columns.add(new Row.Column("_src", ColumnType.SYMBOL, src));
            row.columns().stream().filter(c -> c.type() != ColumnType.SYMBOL).forEach(columns::add);
            columns.add(new Row.Column("_offset", ColumnType.LONG, offset));
            IlpEncoder e = new IlpEncoder();
            e.row(row, src, offset);
            assertThat(latin1(Arrays.copyOf(e.buffer(), e.size()))).as("round %d", round)
                    .isEqualTo(latin1(viaClient(List.of(new Row(row.table(), row.timestampNanos(), columns)))));
        }
    }

    @Test
    void writes_the_same_bytes_as_questdb_client_for_random_rows() {
        Random r = new Random(20261128);
        for (int round = 0; round < 300; round++) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 1 + r.nextInt(20); i++) rows.add(randomRow(r));
            byte[] expected = viaClient(rows);
            byte[] actual = viaEncoder(rows);
            assertThat(new String(actual, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("round %d, rows %s", round, rows)
                    .isEqualTo(new String(expected, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void a_row_with_every_kind_of_field_reads_as_expected() {
        Row row = new Row("price log", 1_700_000_000_000_123_000L, List.of(
                new Row.Column("lev el", ColumnType.SYMBOL, "IN,FO=x"),
                new Row.Column("note", ColumnType.VARCHAR, "a \"q\" \\ b\nc"),
                new Row.Column("n", ColumnType.LONG, -42L),
                new Row.Column("ok", ColumnType.BOOLEAN, true)));
        assertThat(new String(viaEncoder(List.of(row)), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("price\\ log,lev\\ el=IN\\,FO\\=x note=\"a \\\"q\\\" \\\\ b\\\nc\",n=-42i,ok=t 1700000000000123t\n");
    }

    @Test
    void longs_of_every_length_are_written_as_java_writes_them() {
        Random random = new Random(11);
        List<Long> values = new ArrayList<>(List.of(0L, 9L, 10L, 99L, 100L, 99_999_999L, 100_000_000L, 100_000_001L,
                9_999_999_999_999_999L, 10_000_000_000_000_000L, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, -100_000_000L));
        for (int i = 0; i < 100_000; i++) values.add(random.nextLong() >> random.nextInt(64));
        IlpEncoder ilp = new IlpEncoder();
        StringBuilder expected = new StringBuilder();
        for (long v : values) {
            ilp.putLong(v);
            ilp.put((byte) ',');
            expected.append(v).append(',');
        }
        assertThat(new String(ilp.buffer(), 0, ilp.size(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }
}
