package org.smtpexplorer.transport;

import org.smtpexplorer.engine.Capabilities;

/**
 * Builds the message once the server is known: what a composed message looks like (SMTPUTF8 or A-labels, 8-bit or
 * encoded, binary parts) depends on the server's EHLO, so the session asks for it just before MAIL, after the last
 * EHLO. Runs on the session's worker thread.
 */
@FunctionalInterface
public interface MessageFactory {
    /**
     * The request with the envelope, the message and its sending options filled in, for a server that announced
     * {@code capabilities}. A problem that must stop the message (e.g. a non-ASCII local part for a server without
     * SMTPUTF8) is thrown as a local refusal naming it; nothing is sent then.
     */
    SendRequest compose(SendRequest request, Capabilities capabilities);
}
