package org.oncofhir.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.stream.IntStream;

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

    /** The first of {@code count} consecutive ports free now (several nodes numbered from one base port). */
    public static int freeRun(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = free();
            if (base + count <= 65535 && IntStream.range(1, count).allMatch(i -> isFree(base + i))) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
