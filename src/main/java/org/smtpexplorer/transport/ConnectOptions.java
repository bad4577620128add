package org.smtpexplorer.transport;

import java.time.Duration;
import java.util.List;

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
 * @param addresses     IP literals to connect to instead of resolving {@code host} with the system's resolver (a
 *                      caller that looked the host up itself, e.g. in the DNS of an MX check); certificates are still
 *                      checked against {@code host}. Empty: resolve {@code host}.
 */
public record ConnectOptions(String host, int port, SecurityMode security, TlsSettings tls, String ipFamily,
                             Duration connectTimeout, Duration replyTimeout, List<String> addresses) {

    public ConnectOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
        }
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        for (String a : addresses) {
            if (!isIpLiteral(a)) {
                throw new IllegalArgumentException("address \"" + a + "\" is not an IP address");
            }
        }
    }

    public ConnectOptions(String host, int port, SecurityMode security, TlsSettings tls, String ipFamily,
                          Duration connectTimeout, Duration replyTimeout) {
        this(host, port, security, tls, ipFamily, connectTimeout, replyTimeout, List.of());
    }

    public static ConnectOptions of(String host, int port, SecurityMode security, TlsSettings tls) {
        return new ConnectOptions(host, port, security, tls, "any", Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    public ConnectOptions withTimeouts(Duration connect, Duration reply) {
        return new ConnectOptions(host, port, security, tls, ipFamily, connect, reply, addresses);
    }

    public ConnectOptions withIpFamily(String family) {
        return new ConnectOptions(host, port, security, tls, family, connectTimeout, replyTimeout, addresses);
    }

    /** These options, connecting to {@code ips} (IP literals) rather than to what the system resolves for the host. */
    public ConnectOptions withAddresses(List<String> ips) {
        return new ConnectOptions(host, port, security, tls, ipFamily, connectTimeout, replyTimeout, ips);
    }

    /** An IPv4 dotted quad or an IPv6 literal: parsed without any DNS lookup. */
    static boolean isIpLiteral(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        if (s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        return s.contains(":") && s.matches("[0-9A-Fa-f:.]+");
    }
}
