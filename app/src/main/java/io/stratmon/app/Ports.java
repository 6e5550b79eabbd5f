package io.stratmon.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks listening ports: the preferred one when it is free, otherwise 0 (any free port). */
final class Ports {
    private Ports() {}

    static int preferredOrFree(String host, int preferred) {
        if (preferred <= 0) return preferred;
        try (ServerSocket s = new ServerSocket(preferred, 1, InetAddress.getByName(host))) {
            s.setReuseAddress(true);
            return preferred;
        } catch (IOException e) {
            return 0;
        }
    }
}
