package org.smtpexplorer.transport;

import java.time.Duration;

/**
 * Where and how a saved session is run again ({@link Replay}): the server, and whatever should differ from what was
 * saved. Every other field is null (or false) for "as saved": the security mode, the TLS settings (then the saved
 * trusted certificates that can still be read, and the saved "insecure"), the address family, the AUTH mechanism,
 * the timeout and the message. The AUTH user and password are not here: {@link Replay.CredentialSource} gives them
 * when, and only when, the replay authenticates, so that a password is asked for and never kept.
 *
 * @param host               the server
 * @param port               its port
 * @param security           the security mode, or null for as saved (auto for the port when nothing was saved)
 * @param tls                how the certificate is judged, or null for as saved
 * @param ipFamily           any, ipv4 or ipv6, or null for as saved
 * @param authMechanism      the AUTH mechanism ("auto" or a name), or null for as saved
 * @param noAuth             do not authenticate, even if the saved session did
 * @param allowPlaintextAuth allow PLAIN, LOGIN and tokens without TLS (also when the saved session allowed them)
 * @param timeout            connect timeout and time allowed for each reply and write, or null for as saved (else
 *                           60 seconds)
 * @param message            the message to send instead of the saved one, or null for the saved one
 * @param exact              compare the reply text too, not only the codes
 */
public record ReplayTarget(String host, int port, SecurityMode security, TlsSettings tls, String ipFamily,
                           String authMechanism, boolean noAuth, boolean allowPlaintextAuth, Duration timeout,
                           MessageSource message, boolean exact) {

    public ReplayTarget {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the server's host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the server's port must be 1 to 65535, not " + port);
        }
        if (timeout != null && timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the timeout must be at least 1 second");
        }
    }

    /** {@code host:port}, everything else as saved. */
    public static ReplayTarget asSaved(String host, int port) {
        return new ReplayTarget(host, port, null, null, null, null, false, false, null, null, false);
    }

    public ReplayTarget withSecurity(SecurityMode mode) {
        return new ReplayTarget(host, port, mode, tls, ipFamily, authMechanism, noAuth, allowPlaintextAuth, timeout,
                message, exact);
    }

    public ReplayTarget withTls(TlsSettings settings) {
        return new ReplayTarget(host, port, security, settings, ipFamily, authMechanism, noAuth, allowPlaintextAuth,
                timeout, message, exact);
    }

    public ReplayTarget withIpFamily(String family) {
        return new ReplayTarget(host, port, security, tls, family, authMechanism, noAuth, allowPlaintextAuth, timeout,
                message, exact);
    }

    /** Authenticate with {@code mechanism} (null: as saved). */
    public ReplayTarget withAuth(String mechanism) {
        return new ReplayTarget(host, port, security, tls, ipFamily, mechanism, false, allowPlaintextAuth, timeout,
                message, exact);
    }

    /** Do not authenticate, even if the saved session did. */
    public ReplayTarget withoutAuth() {
        return new ReplayTarget(host, port, security, tls, ipFamily, null, true, allowPlaintextAuth, timeout, message,
                exact);
    }

    public ReplayTarget withAllowPlaintextAuth(boolean allow) {
        return new ReplayTarget(host, port, security, tls, ipFamily, authMechanism, noAuth, allow, timeout, message,
                exact);
    }

    public ReplayTarget withTimeout(Duration wait) {
        return new ReplayTarget(host, port, security, tls, ipFamily, authMechanism, noAuth, allowPlaintextAuth, wait,
                message, exact);
    }

    public ReplayTarget withMessage(MessageSource source) {
        return new ReplayTarget(host, port, security, tls, ipFamily, authMechanism, noAuth, allowPlaintextAuth,
                timeout, source, exact);
    }

    public ReplayTarget withExact(boolean compareText) {
        return new ReplayTarget(host, port, security, tls, ipFamily, authMechanism, noAuth, allowPlaintextAuth,
                timeout, message, compareText);
    }
}
