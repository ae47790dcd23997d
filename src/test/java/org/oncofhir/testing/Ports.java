package org.oncofhir.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Loopback ports for servers a test starts. */
public final class Ports {

    private Ports() {}

    /** A port free now (the OS's choice), for a server whose address must be known before it starts. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
