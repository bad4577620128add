package org.smtpexplorer.cli;

/** HOST[:PORT] as typed, with IPv6 literals in brackets. */
record HostPort(String host, int port) {
    static HostPort parse(String s, int defaultPort) {
        String v = s.strip();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("--server is empty");
        }
        String host;
        String port = null;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("--server: missing ']' in \"" + s + "\"");
            }
            host = v.substring(1, close);
            if (close + 1 < v.length()) {
                if (v.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("--server: expected ':' after ']' in \"" + s + "\"");
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
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--server: port \"" + port + "\" is not a number");
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("--server: port must be 1 to 65535, not " + p);
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("--server: host is empty");
        }
        return new HostPort(host, p);
    }
}
