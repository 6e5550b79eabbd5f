package io.stratmon.shipper.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * Writes encoded rows to QuestDB's ILP over TCP port (Telegraf {@code socket_writer} compatibility). There are no
 * acknowledgements: {@code send} returning means the bytes were handed to the kernel, and QuestDB drops a bad row and
 * whatever follows it on that connection without telling anyone. A write error reconnects on the next send.
 */
public final class TcpIlpSink implements RowSink {
    private final String host;
    private final int port;
    private Socket socket;
    private OutputStream out;

    public TcpIlpSink(SinkConfig config) {
        URI uri = URI.create(config.url());
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : 9009;
    }

    @Override
    public void send(EncodedRows rows, int from, int to) {
        if (from >= to) return;
        try {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), 5_000);
                out = socket.getOutputStream();
            }
            int start = rows.start(from);
            out.write(rows.bytes(), start, rows.end(to - 1) - start);
            out.flush();
        } catch (IOException e) {
            close();
            throw new SinkException(SinkException.Kind.UNAVAILABLE, "cannot write to QuestDB over TCP [address=" + host + ":" + port
                    + "]: " + e, -1, -1, e);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing a broken connection.
            }
            socket = null;
            out = null;
        }
    }
}
