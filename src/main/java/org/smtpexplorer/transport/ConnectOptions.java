package org.smtpexplorer.transport;

import java.time.Duration;

/**
 * Where and how to connect.
 *
 * @param host          the name the user typed; certificates are checked against it
 * @param port          TCP port
 * @param security      how the connection is secured
 * @param tls           how certificates are judged
 * @param ipFamily      "any", "ipv4" or "ipv6"
 * @param connectTimeout time allowed for the TCP connection (and implicit TLS handshake)
 * @param replyTimeout  total time allowed for each reply, however slowly its bytes arrive, and for each write to
 *                      get through
 */
public record ConnectOptions(String host, int port, SecurityMode security, TlsSettings tls, String ipFamily,
                             Duration connectTimeout, Duration replyTimeout) {

    public ConnectOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
        }
    }

    public static ConnectOptions of(String host, int port, SecurityMode security, TlsSettings tls) {
        return new ConnectOptions(host, port, security, tls, "any", Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    public ConnectOptions withTimeouts(Duration connect, Duration reply) {
        return new ConnectOptions(host, port, security, tls, ipFamily, connect, reply);
    }

    public ConnectOptions withIpFamily(String family) {
        return new ConnectOptions(host, port, security, tls, family, connectTimeout, replyTimeout);
    }
}
