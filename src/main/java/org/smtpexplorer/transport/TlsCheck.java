package org.smtpexplorer.transport;

import org.smtpexplorer.engine.SmtpException;

/**
 * A check of the server's certificate beyond the chain and the name, run on the session's thread right after each
 * handshake and before anything else is sent inside TLS (the window's certificate pinning).
 */
@FunctionalInterface
public interface TlsCheck {
    /**
     * @param host the host as the user gave it
     * @param port the port connected to
     * @param tls  the handshake's result, with the chain presented
     * @return a note for the transcript, or null for none
     * @throws SmtpException to stop the session here: the connection is closed and nothing more is sent
     */
    String check(String host, int port, TlsInfo tls);
}
