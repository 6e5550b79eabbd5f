package io.stratmon.app.bench;

import io.stratmon.shipper.Converted;
import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.LineConverter;
import io.stratmon.shipper.mapping.Row;
import io.stratmon.shipper.mapping.RowCheck;
import io.stratmon.shipper.sink.IlpBatch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ceiling: QuestDB taking the very rows the shipper sent, as ready-made ILP (the shipper's own converter and
 * encoder, the same protocol version and dedup keys), into identical tables named {@code <table>_ilp}, posted one
 * request after the other. What stratmon reaches against it is what its reading, converting and request pattern
 * cost. The requests are written to a file first, so the posting loop does no work but reading and sending.
 */
public final class Ceiling {
    public static final String SUFFIX = "_ilp";
    /** Bytes per request (QuestDB's own client sends up to 100 MB; larger requests did not ingest faster here). */
    static final int REQUEST_BYTES = 8 << 20;

    private final Path file;
    private final List<long[]> requests; // {offset, length}
    private final int rows;

    private Ceiling(Path file, List<long[]> requests, int rows) {
        this.file = file;
        this.requests = requests;
        this.rows = rows;
    }

    /** Converts the log's lines (default mapping) into ILP requests in {@code ilpFile}. */
    public static Ceiling prepare(Path log, Path ilpFile, boolean dedup, int protocolVersion) throws IOException {
        LineConverter converter = LineConverter.of(InputConfig.of(List.of(log.toString())), RowCheck.NONE);
        List<long[]> requests = new ArrayList<>();
        int rows = 0;
        long written = 0;
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8);
             OutputStream out = Files.newOutputStream(ilpFile)) {
            IlpBatch batch = new IlpBatch(protocolVersion);
            long offset = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (converter.convert(line) instanceof Converted.Ok ok) {
                    Row r = ok.row();
                    batch.add(new Row(r.table() + SUFFIX, r.timestampNanos(), r.columns()), dedup ? "0123456789abcdef" : null, offset);
                    rows++;
                }
                offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
                if (batch.size() >= REQUEST_BYTES) {
                    out.write(batch.bytes(), 0, batch.size());
                    requests.add(new long[]{written, batch.size()});
                    written += batch.size();
                    batch = new IlpBatch(protocolVersion);
                }
            }
            if (batch.rows() > 0) {
                out.write(batch.bytes(), 0, batch.size());
                requests.add(new long[]{written, batch.size()});
            }
        }
        return new Ceiling(ilpFile, requests, rows);
    }

    /** The tables, as the shipper creates them: with dedup keys when dedup is on, else left to ILP. */
    public static void createTables(BenchHttp http, List<String> tables, boolean dedup) {
        if (!dedup) return;
        for (String t : tables) {
            http.exec("CREATE TABLE '" + t + SUFFIX + "' (timestamp TIMESTAMP, _src SYMBOL, _offset LONG) TIMESTAMP(timestamp) "
                    + "PARTITION BY DAY WAL DEDUP UPSERT KEYS(timestamp, _src, _offset)");
        }
    }

    /** Posts every request, in order, on the calling thread. */
    public void post(BenchHttp http) throws IOException {
        byte[] buffer = new byte[REQUEST_BYTES + (1 << 20)];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            for (long[] r : requests) {
                if (buffer.length < r[1]) buffer = new byte[(int) r[1]];
                in.seek(r[0]);
                in.readFully(buffer, 0, (int) r[1]);
                http.post(buffer, 0, (int) r[1]);
            }
        }
    }

    public int rows() {
        return rows;
    }

    public int requests() {
        return requests.size();
    }
}
