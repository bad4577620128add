package org.smtpexplorer.transport;

/**
 * HOST[:PORT] as a person types it: "mx.example", "mx.example:587", "[::1]:2525", or a bare IPv6 address (more than
 * one colon, so no port). Errors name the field the text came from ("--server", "Server").
 */
public record HostPort(String host, int port) {
    /** Parses {@code s}; {@code defaultPort} when none is given; {@code what} names the field in error messages. */
    public static HostPort parse(String s, int defaultPort, String what) {
        String v = s == null ? "" : s.strip();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(what + ": give host:port");
        }
        String host;
        String port = null;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(what + ": missing ']' in \"" + v + "\"");
            }
            host = v.substring(1, close);
            if (close + 1 < v.length()) {
                if (v.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException(what + ": expected ':' after ']' in \"" + v + "\"");
                }
                port = v.substring(close + 2);
            }
        } else if (v.chars().filter(c -> c == ':').count() > 1) {
            host = v;
        } else {
            int colon = v.indexOf(':');
            host = colon < 0 ? v : v.substring(0, colon);
            port = colon < 0 ? null : v.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException(what + ": the host is empty");
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + ": port \"" + port + "\" is not a number");
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException(what + ": port must be 1 to 65535, not " + p);
            }
        }
        return new HostPort(host, p);
    }
}
