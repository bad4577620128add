package org.smtpexplorer.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Opens one port on both loopback addresses, 127.0.0.1 and ::1, since the lab's certificate names both and a client
 * asked for "localhost" may try either first. When the machine has no IPv6 loopback the port opens on 127.0.0.1
 * alone, with a note saying so. Never binds any other address.
 */
final class LoopbackBinder {
    static final InetAddress IPV4 = literal(new byte[] {127, 0, 0, 1});
    static final InetAddress IPV6 = literal(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    private static final int BACKLOG = 128;
    /** Tries for a free port taken on 127.0.0.1 that is also free on ::1 (another program may hold it there). */
    private static final int FREE_PORT_ATTEMPTS = 20;

    private LoopbackBinder() {
    }

    /**
     * The sockets of one listener, 127.0.0.1 first, on the same port.
     *
     * @param note why ::1 is missing, or null when both are bound
     */
    record Bound(List<ServerSocket> sockets, String note) {
        Bound {
            sockets = List.copyOf(sockets);
        }

        int port() {
            return sockets.get(0).getLocalPort();
        }
    }

    /**
     * Binds {@code port} (0: a free one, the same on both addresses) on 127.0.0.1 and ::1.
     *
     * @param what the listener's name for error messages, e.g. "the implicit-TLS port"
     * @param ipv6 whether to try ::1 at all; false when IPv6 is known to be off
     * @throws IOException when the port is taken on either address (IPv6 being off is not an error)
     */
    static Bound bind(int port, String what, boolean ipv6) throws IOException {
        int attempts = port == 0 ? FREE_PORT_ATTEMPTS : 1;
        for (int i = 0; i < attempts; i++) {
            ServerSocket v4 = open(IPV4, port, what);
            if (!ipv6) {
                return new Bound(List.of(v4), "::1 is not available (IPv6 is off on this machine): "
                        + what + " listens on 127.0.0.1 only");
            }
            try {
                return new Bound(List.of(v4, open(IPV6, v4.getLocalPort(), what)), null);
            } catch (IOException e) {
                v4.close();
                if (port != 0) {
                    throw e;
                }
            }
        }
        throw new IOException("cannot find a port free on both 127.0.0.1 and ::1 for " + what + " after "
                + attempts + " tries");
    }

    /** Whether this machine has an IPv6 loopback to bind: false when IPv6 is disabled. */
    static boolean ipv6Available() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(IPV6, 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ServerSocket open(InetAddress address, int port, String what) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(address, port), BACKLOG);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + text(address) + " port " + port + " (" + what + "): "
                    + e.getMessage(), e);
        }
    }

    /** 127.0.0.1, or ::1 in its short form (Java writes it 0:0:0:0:0:0:0:1). */
    static String text(InetAddress address) {
        return address.equals(IPV6) ? "::1" : address.getHostAddress();
    }

    private static InetAddress literal(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
